@testable import Archive
import Foundation
import TestSupport
import XCTest

final class ManifestTests: XCTestCase {
    private func gzip(_ text: String) throws -> [UInt8] {
        let path = try Sources.file(text, name: "manifest.js")
        let result = try Fixtures.run("/usr/bin/env", ["gzip", "-n", path])
        XCTAssertEqual(result.status, 0)
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + ".gz")))
    }

    func testAListManifestNamesItsEpochsAndFingerprints() throws {
        let json = """
            {"/kvm/git/1.git":{"fingerprint":"bbbb","modified":2},"/kvm/git/0.git":{"fingerprint":"aaaa","modified":1},
             "/kvm/git/10.git":{"modified":3}}
            """
        let manifest = try XCTUnwrap(Manifest.parse(try gzip(json), listPath: "/kvm"))
        XCTAssertEqual(manifest.entries.map(\.epoch), [0, 1, 10])
        XCTAssertEqual(manifest.entries.map(\.fingerprint), ["aaaa", "bbbb", nil])
        // Served already decompressed: the same.
        XCTAssertEqual(Manifest.parse(Array(json.utf8), listPath: "/kvm"), manifest)
    }

    func testASiteManifestIsNarrowedToTheList() throws {
        let json = """
            {"/kvm/git/0.git":{},"/kvm/git/1.git":{},"/kvmarm/git/0.git":{},"/linux-mm/git/0.git":{},
             "/kvmarm/git/notanumber.git":{},"/other.git":{}}
            """
        XCTAssertEqual(Manifest.parse(Array(json.utf8), listPath: "/kvm")?.entries.map(\.epoch), [0, 1])
        XCTAssertEqual(Manifest.parse(Array(json.utf8), listPath: "/kvmarm/")?.entries.map(\.epoch), [0])
        // Behind a path prefix the server's own paths end the URL's.
        XCTAssertEqual(Manifest.parse(Array(json.utf8), listPath: "/lists/linux-mm")?.entries.map(\.epoch), [0])
        XCTAssertNil(Manifest.parse(Array(json.utf8), listPath: "/absent"))
    }

    func testAnythingElseIsNoManifest() throws {
        XCTAssertNil(Manifest.parse([], listPath: "/kvm"))
        XCTAssertNil(Manifest.parse(Array("<html>Not Found</html>".utf8), listPath: "/kvm"))
        XCTAssertNil(Manifest.parse([0x1F, 0x8B, 0, 1, 2, 3], listPath: "/kvm"))
        XCTAssertNil(Manifest.parse(Array("[1, 2]".utf8), listPath: "/kvm"))
        XCTAssertNil(Manifest.parse(Array("{}".utf8), listPath: "/kvm"))
    }

    func testFingerprintIsSHA1() {
        XCTAssertEqual(SHA1.hex([]), "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        XCTAssertEqual(SHA1.hex(Array("abc".utf8)), "a9993e364706816aba3e25717850c26c9cd0d89d")
        XCTAssertEqual(SHA1.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        XCTAssertEqual(SHA1.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    func testAGzipBombIsCutAtTheUnpackedLimit() throws {
        // 80 MB of zeros: 80 KB gzip'd.
        let packed = try Fixtures.run("/bin/sh", ["-c", "head -c 83886080 /dev/zero | gzip -c | base64 -w0"])
        let bomb = [UInt8](Data(base64Encoded: packed.stdout) ?? Data())
        XCTAssertLessThan(bomb.count, 1 << 20)
        XCTAssertThrowsError(try Manifest.json(bomb)) { XCTAssertTrue($0 is Manifest.TooLarge) }
        XCTAssertNil(Manifest.parse(bomb, listPath: "/kvm"))
        // Not gzip at all: gzip exits at once, without a SIGPIPE for the writer.
        XCTAssertNil(try Manifest.json([0x1F, 0x8B] + [UInt8](repeating: 0x41, count: 1 << 20)))
    }
}
