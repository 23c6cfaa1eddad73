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
        let executable: String, arguments: [String], name: String
        if let command = environment["PATCHDIGEST_SENDMAIL"], !command.trimmingCharacters(in: .whitespaces).isEmpty {
            (executable, arguments, name) = ("/bin/sh", ["-c", command], "$PATCHDIGEST_SENDMAIL")
        } else if let program = find("sendmail", path: environment["PATH"] ?? "") {
            (executable, arguments, name) = (program, ["-t", "-i"], "sendmail")
        } else {
            throw Failure(description: "--sendmail: no sendmail found; install a mail transfer agent (or msmtp-mta) or set PATCHDIGEST_SENDMAIL")
        }
        // A command that exits without reading all of its input must not kill us with SIGPIPE
        // (a piped stdin ignores it): its exit status says what went wrong.
        let child: ChildProcess
        do {
            child = try ChildProcess(executable, arguments, stdin: .pipe, stdout: .inherit, stderr: .inherit)
        } catch {
            let path = URL(fileURLWithPath: executable).path
            throw Failure(description: "--sendmail: cannot run \(path): \(error.localizedDescription)")
        }
        let writeError: Error?
        do {
            try child.stdin!.write(contentsOf: Data(message.utf8))
            writeError = nil
        } catch {
            writeError = error
        }
        try? child.stdin!.close()
        let end = child.wait()
        if !end.succeeded {
            throw Failure(description: "--sendmail: " + end.describe(name))
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
