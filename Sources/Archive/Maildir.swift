import Foundation

/// Reads a Maildir: one message per file in `cur/` and `new/` (`tmp/` holds deliveries not yet
/// finished, and is never read). What `lei q -o DIR` writes, and what mail clients keep.
public enum MaildirReader {
    /// A directory with `cur/` and `new/` subdirectories.
    public static func isMaildir(_ path: String) -> Bool {
        isDirectory(path + "/cur") && isDirectory(path + "/new")
    }

    /// Streams every message, oldest delivery first: files sort by their time, then name. The time
    /// is the name's delivery-time prefix (`1700000000.M1P2.host:2,S` → 1700000000) when it has one,
    /// else the file's modification time (lei names files by blob hash, without a time).
    /// `position` = the index, `epoch` 0, `commit` = `maildir:<cur|new>/<name>`, `commitTime` = that
    /// time. Dotfiles and anything that is not a regular file are skipped; a file that cannot be
    /// read is handed over as a `NonMessage`, and so is one larger than `maxMessageSize`, with its
    /// size and without being read.
    ///
    /// A file's name changes when a mail client moves it from new/ to cur/ or flags it: follow a
    /// Maildir across time by Message-ID, not by `commit`.
    public static func stream(path: String, maxMessageSize: Int = MboxReader.maximumMessageBytes,
                              _ body: (ArchiveItem) -> Void) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw ArchiveError.noSuchSource(path) }
        guard isMaildir(path) else { throw ArchiveError.unknownSource(path) }
        let files = try entries(path, "cur") + entries(path, "new")
        for (position, file) in files.sorted(by: { ($0.time, $0.name, $0.folder) < ($1.time, $1.name, $1.folder) }).enumerated() {
            let commit = "maildir:\(file.folder)/\(file.name)"
            if file.size > maxMessageSize {
                body(.nonMessage(NonMessage(commit: commit, epoch: 0, position: position, isRemoval: false,
                                            oversizedBytes: file.size, commitTime: file.time)))
            } else if let bytes = read(path, file, limit: maxMessageSize) {
                body(.message(RawMessage(bytes: bytes, commit: commit, epoch: 0, position: position, commitTime: file.time)))
            } else {
                body(.nonMessage(NonMessage(commit: commit, epoch: 0, position: position, isRemoval: false,
                                            commitTime: file.time)))
            }
        }
    }

    struct Entry {
        var folder: String
        var name: String
        var time: Int64
        /// Bytes, when listed.
        var size: Int
    }

    private static func entries(_ maildir: String, _ folder: String) throws -> [Entry] {
        let dir = maildir + "/" + folder
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
            throw ArchiveError.unreadable(path: dir, reason: (error as NSError).localizedDescription)
        }
        var result: [Entry] = []
        for name in names where !name.hasPrefix(".") {
            var info = stat()
            guard lstat(dir + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            result.append(Entry(folder: folder, name: name, time: deliveryTime(name) ?? Int64(info.st_mtim.tv_sec),
                                size: Int(info.st_size)))
        }
        return result
    }

    /// The leading decimal seconds of a conventional Maildir name (`<time>.<unique>.<host>`).
    static func deliveryTime(_ name: String) -> Int64? {
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 12, name.dropFirst(digits.count).first == "." else { return nil }
        return Int64(digits)
    }

    /// The file's bytes; a file a mail client moved from new/ to cur/ meanwhile is found there.
    private static func read(_ maildir: String, _ entry: Entry, limit: Int) -> [UInt8]? {
        if let bytes = readFile(maildir + "/" + entry.folder + "/" + entry.name, limit: limit) { return bytes }
        guard entry.folder == "new", errno == ENOENT else { return nil }
        let unique = entry.name.split(separator: ":", maxSplits: 1).first.map(String.init) ?? entry.name
        let moved = (try? FileManager.default.contentsOfDirectory(atPath: maildir + "/cur"))?
            .first { $0 == unique || $0.hasPrefix(unique + ":") }
        return moved.flatMap { readFile(maildir + "/cur/" + $0, limit: limit) }
    }

    /// A whole regular file, at most `limit` bytes; nil (errno set) otherwise.
    static func readFile(_ path: String, limit: Int = MboxReader.maximumMessageBytes) -> [UInt8]? {
        let fd: Int32
        do { fd = try RegularFile.open(path) } catch .missing { errno = ENOENT; return nil } catch { errno = EINVAL; return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size <= limit else { errno = EFBIG; return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                guard bytes.count + n <= limit else { errno = EFBIG; return nil }
                bytes.append(contentsOf: chunk[0..<n])
            } else if n == 0 {
                return bytes
            } else if errno != EINTR {
                return nil
            }
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
