package dev.midigen.codec.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonProblemsTest {
    @Test
    void aParseErrorIsOneLineWithItsPlace() {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
                () -> new ObjectMapper().readTree("{\n  \"a\": 1,\n  x\n}"));
        assertThat(e.getMessage()).contains("\n"); // what Jackson says, over several lines
        String described = JsonProblems.describe(e);
        assertThat(described).doesNotContain("\n").startsWith("line 3, column 3: Unexpected character ('x'");
        assertThat(described).doesNotContain("Source:");
    }
}
