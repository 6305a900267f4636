package dev.crmplatform.local.services;

import java.util.Optional;

/**
 * Java agent loaded into every service process ({@code -javaagent:crm-parent-watchdog.jar=<launcher pid>}): when the
 * launcher process ends for any reason, even {@code kill -9} where its shutdown hook cannot run, the service exits
 * through {@link System#exit}, i.e. Spring's graceful shutdown. This is what guarantees no orphaned services.
 *
 * <p>Depends on the JDK only: {@link WatchdogAgentJar} copies this one class into a tiny agent jar.
 */
public final class ParentWatchdog {

    private ParentWatchdog() {
    }

    public static void premain(String args) {
        long launcherPid = Long.parseLong(args.trim());
        Optional<ProcessHandle> launcher = ProcessHandle.of(launcherPid);
        if (launcher.isEmpty() || !launcher.get().isAlive()) {
            System.err.println("[crm-local] launcher (pid " + launcherPid + ") is not running: exiting");
            System.exit(3);
        }
        // For a process that is not our child the JDK polls its liveness on a daemon thread.
        launcher.get().onExit().thenRun(() -> {
            System.err.println("[crm-local] launcher (pid " + launcherPid + ") is gone: shutting down");
            System.exit(0);
        });
    }
}
