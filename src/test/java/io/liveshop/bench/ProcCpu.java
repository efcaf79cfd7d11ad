package io.liveshop.bench;

import java.nio.file.Files;
import java.nio.file.Path;

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

    /**
     * CPU of the JIT compiler threads (C1 and C2) of a JVM, in clock ticks: compiling after the warm-up is charged
     * to the measured window otherwise, unseen.
     */
    static long jitTicks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        sum += ticksOf(stat);
                    }
                } catch (Exception gone) {
                    // a thread that ended while we listed
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return sum;
    }

    /** The embedded PostgreSQL: its postmaster and every backend it forked. */
    static long postgresTicks(long postmasterPid) {
        if (postmasterPid <= 0) {
            return 0;
        }
        long sum = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    long pid = Long.parseLong(name);
                    if (pid == postmasterPid || parentOf(stat) == postmasterPid) {
                        sum += ticksOf(stat);
                    }
                } catch (Exception gone) {
                    // a process that ended while we listed
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
