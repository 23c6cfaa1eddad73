import Foundation

/// One git repository of an archive: a v1 inbox, or one epoch (`git/N.git`) of a v2 inbox.
public struct Epoch: Equatable, Sendable {
    /// The epoch number (0 for a v1 inbox).
    public let number: Int
    /// The repository's git directory.
    public let gitDir: String
}

/// A public-inbox archive on disk: a v1 inbox or single epoch (bare or not), or a v2 inbox
/// directory holding `git/0.git`, `git/1.git`, …
public struct Inbox: Sendable {
    public let path: String
    /// Oldest first.
    public let epochs: [Epoch]
    /// The list's name: what its `description` names, else the directory's name (`kvm` for
    /// `…/kvm`, `kvmarm` for `kvmarm.git`).
    public let name: String
    /// What the inbox says of itself: the list's name, its web address.
    public let description: InboxDescription

    public static func open(_ path: String) throws -> Inbox {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else {
            throw ArchiveError.notAnArchive(path)
        }
        let epochs = findEpochs(url)
        guard !epochs.isEmpty else { throw ArchiveError.notAnArchive(path) }
        let description = InboxDescription.read(path: url.path, epochs: epochs)
        let inbox = Inbox(path: url.path, epochs: epochs, name: description.title ?? listName(url), description: description)
        if try !inbox.holdsMessages() { throw ArchiveError.notAnInbox(path) }
        return inbox
    }

    /// Whether the newest epoch is public-inbox's: some commit of it holds `m` (a message) or `d`
    /// (a removal). Any other git repository would read as a run of "commit holds no message
    /// file" skips. public-inbox writes one of them in every commit, so the tip answers at once;
    /// only a tip without either (some other repository, or an odd last commit) makes git look
    /// for the newest commit that wrote one. An epoch with no commits yet, or a tip whose tree git
    /// cannot read (a damaged archive, whose damage the digest reports), passes.
    func holdsMessages() throws -> Bool {
        guard let newest = epochs.last, let tip = try? tip(of: newest).commit else { return true }
        let git = git(newest)
        let listing = try git.run(["ls-tree", "--name-only", "-z", tip, "--", "m", "d"])
        guard listing.status == 0 else { return true }
        if !listing.stdout.isEmpty { return true }
        let writer = try git.run(["log", "-1", "--format=%H", tip, "--", "m", "d"])
        return writer.status != 0 || !writer.stdout.isEmpty
    }

    /// v2 layout first (`git/N.git` or a directory of `N.git`), then the directory as one repository.
    private static func findEpochs(_ url: URL) -> [Epoch] {
        for dir in [url.appendingPathComponent("git"), url] {
            let numbered = numberedRepositories(in: dir)
            if !numbered.isEmpty { return numbered }
        }
        if let gitDir = gitDirectory(of: url) { return [Epoch(number: 0, gitDir: gitDir)] }
        return []
    }

    private static func numberedRepositories(in dir: URL) -> [Epoch] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        var epochs: [Epoch] = []
        for name in names where name.hasSuffix(".git") {
            guard let n = Int(name.dropLast(4)), n >= 0 else { continue }
            let repo = dir.appendingPathComponent(name).path
            if isGitDirectory(repo) { epochs.append(Epoch(number: n, gitDir: repo)) }
        }
        return epochs.sorted { $0.number < $1.number }
    }

    /// The git directory of `url` itself (a bare repository, or a work tree with `.git`), never of
    /// an enclosing repository: a path inside some other checkout is not an archive.
    private static func gitDirectory(of url: URL) -> String? {
        if isGitDirectory(url.path) { return url.path }
        let dotGit = url.appendingPathComponent(".git").path
        if isGitDirectory(dotGit) { return dotGit }
        return nil
    }

    private static func isGitDirectory(_ path: String) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: path + "/HEAD") && fm.fileExists(atPath: path + "/objects")
            && fm.fileExists(atPath: path + "/refs")
    }

    private static func listName(_ url: URL) -> String {
        var parts = url.pathComponents.filter { $0 != "/" }
        // …/kvm/git/0.git → kvm; …/kvm/.git → kvm; …/kvmarm.git → kvmarm
        if let last = parts.last, last.hasSuffix(".git"), Int(last.dropLast(4)) != nil { parts.removeLast() }
        if let last = parts.last, last == "git" || last == ".git" { parts.removeLast() }
        let name = parts.last.map { $0.hasSuffix(".git") ? String($0.dropLast(4)) : $0 } ?? ""
        return name.isEmpty ? "list" : name
    }

    func git(_ epoch: Epoch) -> GitCommand { GitCommand(gitDir: epoch.gitDir) }
}
