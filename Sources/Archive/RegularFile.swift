import Foundation

/// Opening a file that must be a regular file (an mbox, a Maildir message) without ever waiting
/// at `open`: a FIFO blocks `open(O_RDONLY)` until a writer comes, and an update holds the home's
/// lock while it reads. The type is checked before opening, and the open is non-blocking, so a
/// FIFO put in place between the check and the open is refused too.
package enum RegularFile {
    /// Why a path cannot be read as a regular file.
    package enum Refusal: Error, Equatable {
        case missing
        /// What it is instead: "a FIFO", "a directory", …
        case notRegular(String)
        /// The system's reason.
        case unreadable(String)
    }

    /// An open descriptor (close-on-exec, blocking reads) on the regular file at `path`.
    package static func open(_ path: String) throws(Refusal) -> Int32 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw refusal(errno) }
        guard isRegular(info) else { throw .notRegular(kind(info)) }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw refusal(errno) }
        guard fstat(fd, &info) == 0, isRegular(info) else {
            close(fd)
            throw .notRegular(kind(info))
        }
        // Reads of a regular file never wait on O_NONBLOCK anyway; cleared so that the descriptor
        // behaves as any other.
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        return fd
    }

    private static func isRegular(_ info: stat) -> Bool { (info.st_mode & S_IFMT) == S_IFREG }

    private static func refusal(_ code: Int32) -> Refusal {
        code == ENOENT || code == ENOTDIR ? .missing : .unreadable(String(cString: strerror(code)))
    }

    /// What a file that is not regular is, for the message.
    private static func kind(_ info: stat) -> String {
        switch info.st_mode & S_IFMT {
        case S_IFIFO: return "a FIFO"
        case S_IFDIR: return "a directory"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }
}
