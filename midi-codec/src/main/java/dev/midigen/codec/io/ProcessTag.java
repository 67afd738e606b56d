package dev.midigen.codec.io;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tag in the name of a file or folder that is work in progress ({@code <pid>-<random hex>}): the process that
 * made it, so a later run can tell the leftovers of a killed process (safe to remove) from the work of one still
 * running (not to be touched), on this machine.
 */
public final class ProcessTag {
    private static final Pattern TAG = Pattern.compile("(\\d{1,19})-[0-9a-f]{1,16}");

    private ProcessTag() {
    }

    /** A new tag of this process. */
    public static String next() {
        return ProcessHandle.current().pid() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    }

    /**
     * Whether {@code tag} (as {@link #next} makes them) names a process that is no longer running. A tag that is
     * not one, or whose process runs (or whose number a new process reuses), is not stale: when in doubt, keep.
     */
    public static boolean isStale(String tag) {
        Matcher matcher = TAG.matcher(tag);
        if (!matcher.matches()) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            return false;
        }
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }
}
