import Archive
import Foundation

/// Hands a message to the local mail system: `sendmail -t -i` (recipients from the headers, a
/// lone "." is not the end), or the command in $PATCHDIGEST_SENDMAIL run by /bin/sh (msmtp, a
/// script). A failure throws one line of explanation.
enum Sendmail {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func send(_ message: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let process = Process()
        if let command = environment["PATCHDIGEST_SENDMAIL"], !command.trimmingCharacters(in: .whitespaces).isEmpty {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
        } else if let program = find("sendmail", path: environment["PATH"] ?? "") {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = ["-t", "-i"]
        } else {
            throw Failure(description: "--sendmail: no sendmail found; install a mail transfer agent (or msmtp-mta) or set PATCHDIGEST_SENDMAIL")
        }
        let input = Pipe()
        process.standardInput = input
        // A command that exits without reading all of its input must not kill us with SIGPIPE:
        // its exit status says what went wrong.
        WriteSignals.ignoreBrokenPipe()
        do {
            try process.run()
        } catch {
            throw Failure(description: "--sendmail: cannot run \(process.executableURL?.path ?? "sendmail"): \(error.localizedDescription)")
        }
        let writeError: Error?
        do {
            try input.fileHandleForWriting.write(contentsOf: Data(message.utf8))
            writeError = nil
        } catch {
            writeError = error
        }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        let name = process.arguments?.first == "-c" ? "$PATCHDIGEST_SENDMAIL" : "sendmail"
        if process.terminationReason == .uncaughtSignal {
            throw Failure(description: "--sendmail: \(name) was killed by signal \(process.terminationStatus)")
        }
        if process.terminationStatus != 0 {
            throw Failure(description: "--sendmail: \(name) exited with status \(process.terminationStatus)")
        }
        if let writeError {
            throw Failure(description: "--sendmail: could not write the message to \(name): \(writeError.localizedDescription)")
        }
    }

    /// The program in PATH, then where MTAs put it when sbin is not in PATH.
    static func find(_ program: String, path: String) -> String? {
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/lib", "/sbin"]
        return dirs.map { $0 + "/" + program }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
