package dev.midigen.backend.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.junit.jupiter.api.Test;

class OneDnnSwitchTest {
    private interface LibC extends Library {
        String getenv(String name);
    }

    @Test
    void setsTheVariableWhenNobodyChose() {
        OneDnnSwitch.Decision decision = OneDnnSwitch.decide(null, null);
        assertTrue(decision.on());
        assertTrue(decision.set());
        assertTrue(decision.why().startsWith("on (set by midigen"), decision.why());
        assertTrue(OneDnnSwitch.decide(null, "true").set());
        assertTrue(OneDnnSwitch.decide(null, " TRUE ").set());
    }

    @Test
    void theUsersEnvironmentAlwaysWins() {
        for (String off : new String[] {"0", "false", "no", ""}) {
            OneDnnSwitch.Decision decision = OneDnnSwitch.decide(off, "true");
            assertFalse(decision.on(), off);
            assertFalse(decision.set(), off);
            assertEquals("off (TF_ENABLE_ONEDNN_OPTS=" + off + " in the environment)", decision.why());
        }
        for (String on : new String[] {"1", "true", "True"}) {
            OneDnnSwitch.Decision decision = OneDnnSwitch.decide(on, "false");
            assertTrue(decision.on(), on);
            assertFalse(decision.set(), on);
        }
    }

    @Test
    void thePropertyTurnsItOff() {
        OneDnnSwitch.Decision decision = OneDnnSwitch.decide(null, "false");
        assertFalse(decision.on());
        assertFalse(decision.set());
        assertEquals("off (-Dmidigen.tf.onednn=false)", decision.why());
    }

    @Test
    void aBadPropertyIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OneDnnSwitch.decide(null, "yes"));
        assertEquals("-Dmidigen.tf.onednn is true or false, not 'yes'", e.getMessage());
    }

    @Test
    void theLoadedRuntimeSaysWhatHappened() {
        TfRuntime.require();
        // Surefire's environment has no TF_ENABLE_ONEDNN_OPTS and no property: midigen set it before TensorFlow loaded.
        OneDnnSwitch.Decision expected = OneDnnSwitch.decide(System.getenv(OneDnnSwitch.VARIABLE),
                System.getProperty(OneDnnSwitch.PROPERTY));
        assertEquals(expected.on(), TfRuntime.oneDnn().on(), TfRuntime.oneDnn().why());
        assertEquals(expected.why(), TfRuntime.oneDnn().why());
        assertTrue(new TfBackend().version().endsWith("oneDNN " + (expected.on() ? "on" : "off") + ")"));
        if (expected.set()) { // the process's own environment (not Java's copy of it) now has the variable
            assertEquals("1", Native.load("c", LibC.class).getenv(OneDnnSwitch.VARIABLE));
        }
    }
}
