import Foundation

/// A test hook, and the only one: with `PATCHDIGEST_TEST_PAUSE_AT=fetch|scan|store`, an update
/// stops at that point (after the fetch; after the first message is read; inside the state
/// transaction, before it commits), says so on stderr, and waits to be killed. The tests SIGKILL
/// it there and check that the next update gives exactly the digest an undisturbed one would.
public enum TestPause {
    public static func at(_ point: String) {
        guard ProcessInfo.processInfo.environment["PATCHDIGEST_TEST_PAUSE_AT"] == point else { return }
        try? FileHandle.standardError.write(contentsOf: Data("patchdigest: test pause at \(point)\n".utf8))
        while true { sleep(3600) }
    }
}
