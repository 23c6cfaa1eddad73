import Digest
import Foundation

/// The data directory: the state database, the lock, mirrors of followed lists, and the optional
/// identity files.
///
///     state.sqlite   lists, cursors, digests, reported series versions, seen Message-IDs
///     lock           held by `update` (and `add`) while they run
///     mirrors/NAME/  git/N.git mirrors of lists added by URL
///     mailmap        git's .mailmap format: one person's addresses merged for the counts
///     domain-map     gitdm's format: domain → organization, for a per-organization table
public struct Home: Sendable, Equatable {
    public let path: String

    public init(path: String) {
        self.path = URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// `--home`, else `$PATCHDIGEST_HOME`, else `$XDG_DATA_HOME/patchdigest`, else
    /// `~/.local/share/patchdigest`.
    public static func resolve(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> Home {
        if let option, !option.isEmpty { return Home(path: option) }
        if let explicit = environment["PATCHDIGEST_HOME"], !explicit.isEmpty { return Home(path: explicit) }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return Home(path: xdg + "/patchdigest") }
        let user = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return Home(path: user + "/.local/share/patchdigest")
    }

    public var database: String { path + "/state.sqlite" }
    public var lockFile: String { path + "/lock" }
    public var mailmap: String { path + "/mailmap" }
    public var organizationMap: String { path + "/domain-map" }
    /// Where a list added by URL is mirrored (`git/N.git` inside).
    public func mirror(for list: String) -> String { path + "/mirrors/" + list }

    /// Where `remove` moves a mirror before deleting it: a hidden name no list can have.
    public func removedMirror(for list: String) -> String {
        path + "/mirrors/" + Home.removedPrefix + "\(list)-\(getpid())"
    }

    private static let removedPrefix = ".removed-"

    /// Deletes the mirrors a `remove` killed before it finished left aside. Only with the lock
    /// held: then no `remove` is running, and every aside is left over. A failure leaves it for
    /// the next command.
    func sweepRemovedMirrors() {
        let mirrors = path + "/mirrors"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: mirrors) else { return }
        for name in names where name.hasPrefix(Home.removedPrefix) {
            try? FileManager.default.removeItem(atPath: mirrors + "/" + name)
        }
    }

    public var exists: Bool { FileManager.default.fileExists(atPath: database) }

    /// Creates the directory (and its parents) when missing.
    public func create() throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw StoreError.cannotCreate(path, why: (error as NSError).localizedDescription)
        }
    }

    /// The identity files: an explicit path must be readable; the home's own files are used when
    /// they exist.
    public func identity(mailmap explicitMailmap: String?, organizations explicitMap: String?) throws -> Identity {
        let fm = FileManager.default
        var identity = Identity()
        if let path = explicitMailmap ?? (fm.fileExists(atPath: mailmap) ? mailmap : nil) {
            identity.mailmap = try Mailmap.load(path: path)
        }
        if let path = explicitMap ?? (fm.fileExists(atPath: organizationMap) ? organizationMap : nil) {
            identity.organizations = try OrganizationMap.load(path: path)
        }
        return identity
    }
}
