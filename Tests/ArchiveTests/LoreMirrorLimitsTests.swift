@testable import Archive
import Foundation
import TestSupport
import XCTest

/// Epoch probing against servers that misbehave: it lists what answers with refs, and each
/// `git ls-remote` ends at the network timeout, killed with its remote helper.
final class LoreMirrorLimitsTests: XCTestCase {
    private func probing(_ server: HostileHTTPServer, timeout: TimeInterval = 60) -> LoreMirror {
        var mirror = LoreMirror(url: server.url, directory: server.directory.appendingPathComponent("mirror").path)
        mirror.discovery = .probeOnly
        mirror.networkTimeout = timeout
        return mirror
    }

    func testEpochsAreTheNumbersThatListRefs() throws {
        let server = try HostileHTTPServer(.refs(epochs: 3))
        defer { server.stop() }
        XCTAssertEqual(try probing(server).remoteEpochs(), [0, 1, 2])
        XCTAssertTrue(LoreMirror.listsRefs(Array("0123456789abcdef0123456789abcdef01234567\trefs/heads/master\n".utf8)))
        XCTAssertFalse(LoreMirror.listsRefs(Array("<html>\n".utf8)))
        XCTAssertFalse(LoreMirror.listsRefs([]))
    }

    func testALsRemoteThatGetsNoAnswerEndsAtTheTimeout() throws {
        for behaviour in [HostileHTTPServer.Behaviour.silent, .drip(seconds: 1)] {
            let server = try HostileHTTPServer(behaviour)
            defer { server.stop() }
            let start = Date()
            XCTAssertThrowsError(try probing(server, timeout: 2).remoteEpochs()) { error in
                XCTAssertEqual(error as? ArchiveError,
                               .unreachable(url: server.url, message: "no answer within 2 s (git ls-remote \(server.url)/0)"))
            }
            // A bound, not a timing: git's own stall limit was 300 s.
            XCTAssertLessThan(Date().timeIntervalSince(start), 20, "\(behaviour)")
        }
    }
}
