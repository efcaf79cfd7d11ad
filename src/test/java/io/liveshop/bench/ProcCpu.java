package io.liveshop.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiPredicate;

/** What the benchmark clients read from /proc: a process's CPU, PostgreSQL's, and latency percentiles. */
final class ProcCpu {

    private ProcCpu() {
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat); 0 if unknown. */
    static long ticks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            return ticksOf(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (Exception e) {
            return 0;
        }
    }

    /** stime of a process (field 15 of /proc/PID/stat): the kernel's share; 0 if unknown. */
    static long systemTicks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            return Long.parseLong(fields(Files.readString(Path.of("/proc/" + pid + "/stat")))[12]);
        } catch (Exception e) {
            return 0;
        }
    }

    /**
     * CPU of the JIT compiler threads (C1 and C2) of a JVM, in clock ticks: compiling after the warm-up is charged
     * to the measured window otherwise, unseen.
     */
    static long jitTicks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        return sum(Path.of("/proc/" + pid + "/task"), (task, stat) -> {
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
        });
    }

    /** The embedded PostgreSQL: its postmaster and every backend it forked. */
    static long postgresTicks(long postmasterPid) {
        if (postmasterPid <= 0) {
            return 0;
        }
        return sum(Path.of("/proc"), (process, stat) -> process.chars().allMatch(Character::isDigit)
                && (Long.parseLong(process) == postmasterPid || parentOf(stat) == postmasterPid));
    }

    /** utime + stime summed over the entries of a /proc folder (processes or threads) that {@code counts} picks. */
    private static long sum(Path folder, BiPredicate<String, String> counts) {
        long sum = 0;
        try (var entries = Files.list(folder)) {
            for (Path entry : entries.toList()) {
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    if (counts.test(entry.getFileName().toString(), stat)) {
                        sum += ticksOf(stat);
                    }
                } catch (Exception gone) {
                    // ended while we listed, or not a process
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return sum;
    }

    /** The p-th percentile of sorted nanosecond latencies, in milliseconds (0 when there are none). */
    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)] / 1e6;
    }

    static long ticksOf(String stat) {
        String[] f = fields(stat);
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long parentOf(String stat) {
        return Long.parseLong(fields(stat)[1]);
    }

    private static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
}
