import PagingCore

/// Files written all or nothing: every file of a batch is replaced, or none
/// is and the previous contents stay.
///
///     var batch = OutputBatch()
///     batch.add("Reports/report.md", text: markdown)
///     batch.add("Reports/report.html", text: html)
///     try batch.commit()
///
/// A regular file (or a new one) is written to a temporary file beside it
/// and renamed over it; its permissions are kept. A symbolic link is
/// followed and its target replaced, never the link. A device or a FIFO is
/// written through, never replaced, and a write error there (no space on
/// `/dev/full`) is an error. A directory is refused.
///
/// When a rename fails part-way (a file made immutable, say), the files
/// already replaced are put back from hard links taken before the first
/// rename, so the batch still changes nothing.
public struct OutputBatch {
  private var files: [(path: String, bytes: [UInt8])] = []

  /// An empty batch.
  public init() {}

  /// Adds a file to write; nothing is written before ``commit()``.
  public mutating func add(_ path: String, bytes: [UInt8]) { files.append((path, bytes)) }

  /// Adds a text file (UTF-8).
  public mutating func add(_ path: String, text: String) { add(path, bytes: Array(text.utf8)) }

  /// Writes every file, or none.
  public func commit() throws(InputError) {
    let targets = try files.map { file throws(InputError) in try Target(resolving: file.path, bytes: file.bytes) }
    var staged: [Staged] = []
    do {
      for target in targets where target.replaces { staged.append(try Staged(target)) }
      try takeBackups(&staged)
      for target in targets where !target.replaces { try target.writeThrough() }
      try renameAll(&staged)
    } catch {
      for item in staged { item.discard() }
      throw error
    }
    for item in staged { item.dropBackup() }
  }

  private func takeBackups(_ staged: inout [Staged]) throws(InputError) {
    for index in staged.indices where staged[index].target.exists {
      let backup = try uniqueSibling(of: staged[index].target.path, tag: "backup") { name in
        system_link(staged[index].target.path, name)
      }
      staged[index].backup = backup
    }
  }

  private func renameAll(_ staged: inout [Staged]) throws(InputError) {
    for index in staged.indices {
      guard system_rename(staged[index].temporary, staged[index].target.path) else {
        let reason = system_errorText()
        // Put back what was already replaced.
        for done in staged[..<index] {
          if let backup = done.backup {
            _ = system_rename(backup, done.target.path)
          } else {
            system_unlink(done.target.path)
          }
        }
        for item in staged { if let backup = item.backup { system_unlink(backup) } }
        for index in staged.indices { staged[index].backup = nil }
        throw .unreadable(path: staged[index].target.shownPath, reason: "cannot write: \(reason)")
      }
      staged[index].renamed = true
    }
  }
}

/// Writes `bytes` to `path` all or nothing (see ``OutputBatch``).
public func writeFileAtomically(_ path: String, bytes: [UInt8]) throws(InputError) {
  var batch = OutputBatch()
  batch.add(path, bytes: bytes)
  try batch.commit()
}

/// Writes `text` to `path` all or nothing (see ``OutputBatch``).
public func writeFileAtomically(_ path: String, text: String) throws(InputError) {
  try writeFileAtomically(path, bytes: Array(text.utf8))
}

/// Where one file goes once symbolic links are followed.
private struct Target {
  /// The path as the user gave it, for messages.
  let shownPath: String
  /// The file actually written (a link's target).
  let path: String
  let bytes: [UInt8]
  let exists: Bool
  /// Replaced by rename (regular or new), or written through (a device or FIFO).
  let replaces: Bool
  let mode: UInt32?

  init(resolving given: String, bytes: [UInt8]) throws(InputError) {
    shownPath = given
    self.bytes = bytes
    var path = given
    if let link = system_stat(given, follow: false), link.kind == .symbolicLink {
      guard let resolved = system_realpath(given) else {
        throw .unreadable(
          path: given, reason: "cannot write: a symbolic link whose target cannot be reached (\(system_errorText()))")
      }
      path = resolved
    }
    self.path = path
    guard let info = system_stat(path, follow: true) else {
      exists = false
      replaces = true
      mode = nil
      return
    }
    exists = true
    mode = UInt32(info.mode)
    switch info.kind {
    case .regular: replaces = true
    case .directory: throw .unreadable(path: given, reason: "cannot write: it is a directory")
    case .characterDevice, .blockDevice, .fifo: replaces = false
    default: throw .unreadable(path: given, reason: "cannot write: it is \(info.kind.phrase)")
    }
  }

  /// Writes into an existing device or FIFO without replacing it.
  func writeThrough() throws(InputError) {
    let descriptor = system_openExisting(path)
    guard descriptor >= 0 else {
      let reason = system_noReader ? "a FIFO that no process is reading" : system_errorText()
      throw .unreadable(path: shownPath, reason: "cannot write: \(reason)")
    }
    let written = system_writeAll(descriptor, bytes)
    let reason = system_errorText()
    let closed = system_close(descriptor)
    guard written, closed else {
      throw .unreadable(path: shownPath, reason: "cannot write: \(written ? system_errorText() : reason)")
    }
  }
}

/// A complete temporary copy of one target, waiting to be renamed over it.
private struct Staged {
  let target: Target
  let temporary: String
  var backup: String?
  var renamed = false

  init(_ target: Target) throws(InputError) {
    self.target = target
    var descriptor: Int32 = -1
    temporary = try uniqueSibling(of: target.path, tag: "tmp") { name in
      descriptor = system_createExclusive(name, mode: 0o666)
      return descriptor >= 0
    }
    let written = system_writeAll(descriptor, target.bytes)
    let synced = written && system_syncAndClose(descriptor, mode: target.mode)
    if !written { _ = system_close(descriptor) }
    guard synced else {
      let reason = system_errorText()
      system_unlink(temporary)
      throw .unreadable(path: target.shownPath, reason: "cannot write: \(reason)")
    }
  }

  /// Removes what this stage made, leaving the target as it was.
  func discard() {
    if !renamed { system_unlink(temporary) }
    if let backup { system_unlink(backup) }
  }

  func dropBackup() {
    if let backup { system_unlink(backup) }
  }
}

/// A name beside `path` that `make` could create: `.NAME.TAG-PID-N`, trying
/// further N while the name is taken, so no existing file is touched.
private func uniqueSibling(of path: String, tag: String, make: (String) -> Bool) throws(InputError) -> String {
  let slash = path.lastIndex(of: "/")
  let folder = slash.map { String(path[...$0]) } ?? ""
  let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
  for attempt in 0..<100 {
    let candidate = "\(folder).\(name).\(tag)-\(system_processID())-\(attempt)"
    if make(candidate) { return candidate }
    guard system_errno == system_EEXIST else { break }
  }
  throw .unreadable(path: path, reason: "cannot write: \(system_errorText())")
}

/// Creates the folder `path` if it does not exist yet (its parent must).
public func createFolder(_ path: String) throws(InputError) {
  guard system_mkdir(path) else {
    throw .unreadable(path: path, reason: "cannot create the folder: \(system_errorText())")
  }
  guard let info = system_stat(path, follow: true), info.kind == .directory else {
    throw .unreadable(path: path, reason: "cannot write into it: it is not a folder")
  }
}
