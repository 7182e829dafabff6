// Wrappers keep the C names they wrap (system_open wraps open), as swift-system does.
// swift-format-ignore-file: AlwaysUseLowerCamelCase
// The only file in PagingDescriptors that calls the C library: opening,
// reading, mapping and writing files, wrapped as `system_*` functions in the
// manner of swift-system, with Swift values above them.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a path names, as `stat` sees it.
enum FileKind: Equatable {
  case regular, directory, characterDevice, blockDevice, fifo, socket, symbolicLink, other

  init(mode: mode_t) {
    switch mode & S_IFMT {
    case S_IFREG: self = .regular
    case S_IFDIR: self = .directory
    case S_IFCHR: self = .characterDevice
    case S_IFBLK: self = .blockDevice
    case S_IFIFO: self = .fifo
    case S_IFSOCK: self = .socket
    case S_IFLNK: self = .symbolicLink
    default: self = .other
    }
  }

  /// "a character device", for messages.
  var phrase: String {
    switch self {
    case .regular: return "a regular file"
    case .directory: return "a directory"
    case .characterDevice: return "a character device"
    case .blockDevice: return "a block device"
    case .fifo: return "a FIFO"
    case .socket: return "a socket"
    case .symbolicLink: return "a symbolic link"
    case .other: return "a special file"
    }
  }
}

/// The text of the current `errno`.
func system_errorText() -> String { String(cString: strerror(errno)) }

/// `lstat` (`follow == false`) or `stat`: the kind, size and mode, or nil
/// with `errno` set.
func system_stat(_ path: String, follow: Bool) -> (kind: FileKind, size: Int64, mode: mode_t)? {
  var info = stat()
  let result = follow ? stat(path, &info) : lstat(path, &info)
  guard result == 0 else { return nil }
  return (FileKind(mode: info.st_mode), Int64(info.st_size), info.st_mode)
}

/// `realpath`: the path with every symbolic link resolved, or nil.
func system_realpath(_ path: String) -> String? {
  guard let resolved = realpath(path, nil) else { return nil }
  defer { free(resolved) }
  return String(cString: resolved)
}

/// A file open for reading, closed when it goes.
struct ReadableFile: ~Copyable {
  let descriptor: Int32
  let kind: FileKind
  let size: Int64

  /// Opens without blocking (a FIFO with no writer must not hang the
  /// command), then reads in blocking mode.
  init?(path: String) {
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      close(descriptor)
      return nil
    }
    let flags = fcntl(descriptor, F_GETFL)
    if flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) }
    self.descriptor = descriptor
    self.kind = FileKind(mode: info.st_mode)
    self.size = Int64(info.st_size)
  }

  deinit { close(descriptor) }

  /// Everything up to end of file, or nil (with `errno` set) on a read
  /// error; stops and returns `limit + 1` bytes when there are more than
  /// `limit`, so the caller can tell.
  func readAll(limit: Int) -> [UInt8]? {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while bytes.count <= limit {
      let wanted = min(chunk.count, limit + 1 - bytes.count)
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, wanted) }
      if count < 0 {
        if errno == EINTR { continue }
        return nil
      }
      if count == 0 { break }
      bytes += chunk[0..<count]
    }
    return bytes
  }

  /// The whole file mapped read-only, or nil (with `errno` set).
  func mapped() -> UnsafeRawBufferPointer? {
    guard size > 0, let size = Int(exactly: size) else { return nil }
    guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED else { return nil }
    return UnsafeRawBufferPointer(start: base, count: size)
  }
}

/// Unmaps what ``ReadableFile/mapped()`` returned.
func system_munmap(_ buffer: UnsafeRawBufferPointer) {
  if let base = buffer.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), buffer.count) }
}

/// Writes all of `bytes` to `descriptor`, or returns false with `errno` set.
func system_writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
  var offset = 0
  while offset < bytes.count {
    let count = bytes.withUnsafeBytes { buffer in
      buffer.baseAddress.map { write(descriptor, $0 + offset, buffer.count - offset) } ?? 0
    }
    if count < 0 {
      if errno == EINTR { continue }
      return false
    }
    offset += count
  }
  return true
}

/// Opens an existing file for writing, without creating or truncating it
/// (a device or a FIFO is written through, never replaced).
/// Opened without blocking (a FIFO nobody reads fails with ENXIO instead of
/// waiting forever), then switched to blocking writes.
func system_openExisting(_ path: String) -> Int32 {
  let descriptor = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
  if descriptor >= 0 {
    let flags = fcntl(descriptor, F_GETFL)
    if flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) }
  }
  return descriptor
}

/// True when the last call failed because a FIFO has no reader.
var system_noReader: Bool { errno == ENXIO }

/// Creates a new file that did not exist (`O_EXCL`), or returns -1.
func system_createExclusive(_ path: String, mode: UInt32) -> Int32 {
  open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode))
}

/// Flushes a written file to disk and closes it; false with `errno` set.
func system_syncAndClose(_ descriptor: Int32, mode: UInt32?) -> Bool {
  var ok = true
  if let mode, fchmod(descriptor, mode_t(mode) & 0o7777) != 0 { ok = false }
  if ok, fsync(descriptor) != 0, errno != EINVAL, errno != EROFS { ok = false }
  let saved = errno
  if close(descriptor) != 0, ok { return false }
  errno = saved
  return ok
}

func system_close(_ descriptor: Int32) -> Bool { close(descriptor) == 0 }
func system_rename(_ from: String, _ to: String) -> Bool { rename(from, to) == 0 }
func system_link(_ from: String, _ to: String) -> Bool { link(from, to) == 0 }
func system_unlink(_ path: String) { unlink(path) }
func system_mkdir(_ path: String) -> Bool { mkdir(path, 0o777) == 0 || errno == EEXIST }
func system_processID() -> Int32 { getpid() }
var system_errno: Int32 { errno }
let system_EEXIST = EEXIST

/// The soft address-space limit (`RLIMIT_AS`) in bytes, or nil when unlimited.
func system_addressSpaceLimit() -> UInt64? {
  var limit = rlimit()
  guard getrlimit(RLIMIT_AS_VALUE, &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
  return UInt64(limit.rlim_cur)
}

#if canImport(Glibc)
  private let RLIMIT_AS_VALUE = __rlimit_resource_t(RLIMIT_AS.rawValue)
#else
  private let RLIMIT_AS_VALUE = RLIMIT_AS
#endif
