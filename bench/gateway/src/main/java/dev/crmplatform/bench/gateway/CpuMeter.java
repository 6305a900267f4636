package dev.crmplatform.bench.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time consumed by each process taking part in a phase, per request. Unlike throughput on a shared 2-core
 * machine, CPU time per request hardly moves when other work runs concurrently, so it shows where a request's cost
 * goes (client, gateway, service, PostgreSQL, Redis) even on a busy host. Linux only (/proc); elsewhere the
 * PostgreSQL and Redis columns stay empty.
 */
final class CpuMeter {

    /** Cumulative CPU nanoseconds per participant at one instant. */
    record Snapshot(Map<String, Long> nanos) {
    }

    /** CPU microseconds per request for one phase, per participant. */
    record Cost(String label, long requests, Map<String, Double> microsPerRequest) {

        double total() {
            return microsPerRequest.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final Map<String, ProcessHandle> children;

    CpuMeter(Map<String, ProcessHandle> children) {
        this.children = children;
    }

    Snapshot snapshot() {
        Map<String, Long> nanos = new LinkedHashMap<>();
        nanos.put("client", cpu(ProcessHandle.current()));
        children.forEach((name, process) -> nanos.put(name, cpu(process)));
        nanos.put("postgres", procTotal("postgres"));
        nanos.put("redis", procTotal("redis-server"));
        return new Snapshot(nanos);
    }

    static Cost cost(String label, Snapshot before, Snapshot after, long requests) {
        Map<String, Double> micros = new LinkedHashMap<>();
        before.nanos().forEach((name, start) -> micros.put(name,
                requests == 0 ? 0 : (after.nanos().get(name) - start) / 1000.0 / requests));
        return new Cost(label, requests, micros);
    }

    private static long cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
    }

    /**
     * CPU time the whole machine spent outside its idle and I/O-wait states, from the first line of /proc/stat: the
     * participants plus everything else (kernel threads, other services on the host). 0 where /proc is missing.
     */
    static long machineBusyNanos() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) { // user, nice, system, irq, softirq, steal
                ticks += Long.parseLong(fields[i]);
            }
            return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU nanoseconds of the machine not spent by any participant between two snapshots. */
    static long othersNanos(Snapshot before, Snapshot after, long machineBefore, long machineAfter) {
        long participants = after.nanos().entrySet().stream()
                .mapToLong(e -> e.getValue() - before.nanos().get(e.getKey())).sum();
        return Math.max(0, machineAfter - machineBefore - participants);
    }

    /**
     * CPU nanoseconds the JIT compiler threads of a process have used (threads named "C1/C2 CompilerThread*", from
     * /proc/<pid>/task). A phase measured while they are busy measures a process that is still compiling its hot
     * paths, not its steady state. 0 where /proc is missing.
     */
    static long compilerNanos(ProcessHandle process) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            return tasks.mapToLong(t -> ticks(t, "C2 CompilerThre") + ticks(t, "C1 CompilerThre")).sum()
                    * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime of every process with that command name, from /proc/<pid>/stat. */
    private static long procTotal(String command) {
        try (Stream<Path> pids = Files.list(Path.of("/proc"))) {
            return pids.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(p -> ticks(p, command)).sum() * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long ticks(Path pid, String command) {
        try {
            String stat = Files.readString(pid.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (!stat.substring(open + 1, close).equals(command)) {
                return 0;
            }
            String[] fields = stat.substring(close + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
