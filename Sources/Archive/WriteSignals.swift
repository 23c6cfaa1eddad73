import Foundation

/// The two signals a failed write sends: SIGPIPE (the reader closed its end: a child that exited
/// early, the program after `|`) and SIGXFSZ (past the file-size limit, `ulimit -f`). Either
/// kills the process without a word; ignored, the write fails with EPIPE or EFBIG instead, and
/// the writer says what happened in one line.
public enum WriteSignals {
    /// Both, for the whole process: what a command-line program does first.
    public static func ignoreAll() {
        ignoreIfDefault(SIGPIPE)
        ignoreIfDefault(SIGXFSZ)
    }

    /// SIGPIPE only: done before every write to a child, so that a program using the library
    /// survives a child that exits early too.
    public static func ignoreBrokenPipe() {
        ignoreIfDefault(SIGPIPE)
    }

    /// A handler the program installed itself is left alone.
    private static func ignoreIfDefault(_ number: Int32) {
        var current = sigaction()
        guard sigaction(number, nil, &current) == 0, current.__sigaction_handler.sa_handler == nil else { return }
        signal(number, SIG_IGN)
    }
}

/// Writes all of `bytes` to `fd`, again after a short write or an interruption; the errno of the
/// write that failed, nil when all went out.
public func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
    var offset = 0
    while offset < bytes.count {
        let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if n > 0 {
            offset += n
        } else if n < 0 && errno == EINTR {
            continue
        } else {
            return n < 0 ? errno : EIO
        }
    }
    return nil
}

/// Writes all of `bytes` to `fd`; the errno when a write failed.
public func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
    bytes.withUnsafeBytes { writeAll(fd, $0) }
}

/// The system's words for an errno: "No space left on device".
public func systemMessage(_ code: Int32) -> String {
    String(cString: strerror(code))
}
