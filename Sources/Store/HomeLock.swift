import Foundation

/// One updater per home at a time: an exclusive `flock` on `HOME/lock`, waited for up to a
/// bound, then refused with a clear message. The kernel drops the lock when its holder dies, so
/// a killed update never leaves a stale lock behind. Taking it also clears what a killed `remove`
/// left.
public final class HomeLock {
    private let fd: Int32

    /// Takes the lock, polling until `timeout` seconds have passed; then deletes mirrors a killed
    /// `remove` left aside.
    public init(_ home: Home, timeout: Double) throws {
        try home.create()
        fd = open(home.lockFile, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StoreError.cannotCreate(home.lockFile, why: String(cString: strerror(errno)))
        }
        let deadline = Date().addingTimeInterval(max(0, timeout))
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(fd)
                throw StoreError.busy(home: home.path, waited: timeout)
            }
            usleep(50_000)
        }
        home.sweepRemovedMirrors()
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
