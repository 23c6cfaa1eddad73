import Foundation

/// A public-inbox server's `manifest.js.gz` (grokmirror's format): a gzip'd JSON object whose
/// keys are repository paths (`/kvm/git/0.git`) and whose values say, among other things, a
/// `fingerprint` (SHA-1 of the repository's `git show-ref` output) that changes whenever a ref does.
public struct Manifest: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var epoch: Int
        public var fingerprint: String?
    }

    /// The list's epochs, oldest first.
    public var entries: [Entry]

    /// What a manifest may weigh. A list's manifest (`<url>/manifest.js.gz`, what a mirror reads)
    /// is a few kilobytes, a site-wide one (every list, every epoch) a megabyte or two. The bound
    /// on the unpacked JSON is the bound on memory: parsing costs about 22 times the JSON (a
    /// 15 MB manifest took 370 MB), so 8 MB keeps it under 200 MB, and a gzip bomb (1000:1)
    /// is cut there. Nothing real is larger as sent than unpacked.
    public enum Limit: CustomStringConvertible {
        /// As the server sends it.
        case sent
        /// Once gunzipped.
        case unpacked

        public var bytes: Int {
            switch self {
            case .sent: return 8 << 20
            case .unpacked: return 8 << 20
            }
        }

        public var description: String {
            switch self {
            case .sent: return "\(bytes >> 20) MB"
            case .unpacked: return "\(bytes >> 20) MB unpacked"
            }
        }
    }

    /// A manifest over `Limit.unpacked` once gunzipped.
    public struct TooLarge: Error {}

    /// The epochs of the list at `listPath` (the URL's path, `/kvm`) in a manifest, gzip'd or not.
    /// A per-list manifest names one list; a site-wide one many: the list is the one whose path
    /// ends the URL's (a server behind a prefix keeps its own paths). Nil when the bytes are no
    /// manifest (or one over the limits) or name no epoch of the list.
    public static func parse(_ bytes: [UInt8], listPath: String) -> Manifest? {
        guard let json = (try? json(bytes)) ?? nil else { return nil }
        return parse(json: json, listPath: listPath)
    }

    /// The manifest's JSON: the bytes, gunzipped when they are gzip'd; nil when they do not
    /// gunzip. Throws `TooLarge` past `Limit.unpacked`.
    static func json(_ bytes: [UInt8]) throws -> [UInt8]? {
        guard bytes.starts(with: [0x1F, 0x8B]) else {
            guard bytes.count <= Limit.unpacked.bytes else { throw TooLarge() }
            return bytes
        }
        switch gunzip(bytes, limit: Limit.unpacked.bytes) {
        case .bytes(let json): return json
        case .failed: return nil
        case .tooLarge: throw TooLarge()
        }
    }

    static func parse(json: [UInt8], listPath: String) -> Manifest? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else {
            return nil
        }
        // "/kvm/git/0.git" → ("/kvm", 0)
        var lists: [String: [Entry]] = [:]
        for (key, value) in object {
            guard let range = key.range(of: "/git/", options: .backwards), key.hasSuffix(".git") else { continue }
            let number = key[range.upperBound...].dropLast(4)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }), let epoch = Int(number) else { continue }
            let fingerprint = (value as? [String: Any])?["fingerprint"] as? String
            lists[String(key[..<range.lowerBound]), default: []].append(Entry(epoch: epoch, fingerprint: fingerprint))
        }
        let path = listPath.hasSuffix("/") ? String(listPath.dropLast()) : listPath
        let chosen: [Entry]?
        if let exact = lists[path] {
            chosen = exact
        } else if lists.count == 1 {
            chosen = lists.first!.value
        } else {
            chosen = lists.filter { !$0.key.isEmpty && path.hasSuffix($0.key) }.max { $0.key.count < $1.key.count }?.value
        }
        guard let entries = chosen, !entries.isEmpty else { return nil }
        return Manifest(entries: entries.sorted { $0.epoch < $1.epoch })
    }

    enum Gunzipped {
        case bytes([UInt8])
        case failed
        case tooLarge
    }

    /// Decompresses with the system's `gzip -dc` (always there beside git), reading its output
    /// as it comes and killing it at `limit` bytes: memory stays within the limit whatever the
    /// ratio.
    static func gunzip(_ bytes: [UInt8], limit: Int) -> Gunzipped {
        let child: ChildProcess
        do {
            child = try ChildProcess("/usr/bin/env", ["gzip", "-dc"], stdin: .pipe, stderr: .null)
        } catch {
            return .failed
        }
        // gzip stops reading what is not gzip, and is killed at the limit: the write fails
        // (EPIPE); its exit status, or the limit, says why.
        _ = child.feed(bytes)
        var result: [UInt8] = []
        // Pages are touched only as they are written.
        result.reserveCapacity(limit + 1)
        let fd = child.stdout!.fileDescriptor
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var over = false
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            guard result.count + n <= limit else {
                over = true
                child.kill()
                break
            }
            result.append(contentsOf: chunk[0..<n])
        }
        let end = child.wait()
        if over { return .tooLarge }
        return end.succeeded ? .bytes(result) : .failed
    }

    /// The fingerprint public-inbox gives a repository: SHA-1 of `git show-ref`'s output.
    static func fingerprint(showRef output: [UInt8]) -> String {
        SHA1.hex(output)
    }
}

/// SHA-1, for comparing manifest fingerprints only (never for security).
enum SHA1 {
    static func hex(_ message: [UInt8]) -> String {
        var h: [UInt32] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]
        var data = message
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        let bits = UInt64(message.count) * 8
        for i in (0..<8).reversed() { data.append(UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8))) }
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: data.count, by: 64) {
            for i in 0..<16 {
                let j = chunk + i * 4
                w[i] = UInt32(data[j]) << 24 | UInt32(data[j + 1]) << 16 | UInt32(data[j + 2]) << 8 | UInt32(data[j + 3])
            }
            for i in 16..<80 { w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1) }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for i in 0..<80 {
                let (f, k): (UInt32, UInt32)
                switch i {
                case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A827999)
                case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9EBA1)
                case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1BBCDC)
                default: (f, k) = (b ^ c ^ d, 0xCA62C1D6)
                }
                let t = rotl(a, 5) &+ f &+ e &+ k &+ w[i]
                (e, d, c, b, a) = (d, c, rotl(b, 30), a, t)
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
        }
        return h.map { String(format: "%08x", $0) }.joined()
    }

    private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }
}
