import Foundation

extension Fixtures {
    /// Where a command started by `runAsAShellWould` writes its stdout.
    public enum Stdout: String {
        /// A pipe the test reads, as `Fixtures.run` gives.
        case pipe
        /// `> /dev/full`: every write fails with ENOSPC.
        case full
        /// A pipe whose read end is closed before the command starts: every write fails with EPIPE.
        case closedPipe
    }

    /// Runs a program as a shell starts it: SIGPIPE and SIGXFSZ at their default action (a test
    /// runner may ignore them, and ignored signals stay ignored across exec), an optional
    /// file-size limit (`ulimit -f`, in bytes) and stdout as asked. A process killed by a signal
    /// comes back with status 128 + the signal, as a shell reports it.
    public static func runAsAShellWould(_ executable: String, _ arguments: [String], stdout: Stdout = .pipe,
                                        fileSizeLimit: Int? = nil, environment: [String: String] = [:]) throws -> Result {
        let launcher = """
            import os, resource, signal, subprocess, sys
            mode, limit = sys.argv[1], int(sys.argv[2])
            def prepare():
                signal.signal(signal.SIGPIPE, signal.SIG_DFL)
                signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
                if limit >= 0:
                    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
            out = None
            if mode == "full":
                out = os.open("/dev/full", os.O_WRONLY)
            elif mode == "closedPipe":
                r, out = os.pipe()
                os.close(r)
            status = subprocess.call(sys.argv[3:], stdout=out, preexec_fn=prepare, restore_signals=False)
            sys.exit(128 - status if status < 0 else status)
            """
        return try run("/usr/bin/env", ["python3", "-c", launcher, stdout.rawValue, String(fileSizeLimit ?? -1), executable]
                       + arguments, environment: environment)
    }
}
