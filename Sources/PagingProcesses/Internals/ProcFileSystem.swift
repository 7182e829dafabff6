// Wrappers keep the C names they wrap (system_open wraps open), as swift-system does.
// swift-format-ignore-file: AlwaysUseLowerCamelCase
// The only file in PagingProcesses that calls the C library: opening and
// reading /proc files, the pagemap scan ioctl, listing /proc, uname and
// isatty, wrapped as `system_*` functions in the manner of swift-system.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A failed system call's `errno`, with the names the readers test for.
struct SystemErrno: Error, Equatable {
  let code: Int32

  static var current: SystemErrno { SystemErrno(code: errno) }

  var isMissing: Bool { code == ENOENT || code == ESRCH }
  var isPermission: Bool { code == EACCES || code == EPERM }
  /// The ioctl is unknown to this kernel (before Linux 6.7) or refuses the arguments.
  var isUnsupported: Bool { code == ENOTTY || code == EINVAL || code == EOPNOTSUPP }

  var text: String { String(cString: strerror(code)) }
}

/// An open file descriptor, closed when it goes.
struct OpenDescriptor: ~Copyable {
  let descriptor: Int32

  /// `open(path, O_RDONLY | O_CLOEXEC)`.
  init(readingOnly path: String) throws(SystemErrno) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw SystemErrno.current }
    self.descriptor = descriptor
  }

  deinit { close(descriptor) }

  /// `read` until the end of the file or `limit + 1` bytes, whichever is first.
  func readAll(limit: Int) throws(SystemErrno) -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while bytes.count <= limit {
      let count = chunk.withUnsafeMutableBytes { system_read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw SystemErrno.current
      }
      if count == 0 { break }
      bytes += chunk[0..<count]
    }
    return bytes
  }

  /// `pread` of up to `buffer.count` bytes at `offset`; fewer at the end.
  func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(SystemErrno) -> Int {
    while true {
      let count = pread(descriptor, buffer.baseAddress, buffer.count, off_t(Int64(bitPattern: offset)))
      if count >= 0 { return count }
      if errno != EINTR { throw SystemErrno.current }
    }
  }

  /// `ioctl(fd, PAGEMAP_SCAN, &arg)`: the number of regions written.
  func pagemapScan(_ argument: inout PagemapScanArgument) throws(SystemErrno) -> Int {
    while true {
      let result = withUnsafeMutablePointer(to: &argument) { ioctl(descriptor, PagemapScanArgument.request, $0) }
      if result >= 0 { return Int(result) }
      if errno != EINTR { throw SystemErrno.current }
    }
  }
}

/// `read`, outside ``OpenDescriptor`` so that the name means the C function.
private func system_read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
  read(descriptor, buffer, count)
}

/// The names in a directory (without `.` and `..`), or the error.
func system_directoryEntries(_ path: String) throws(SystemErrno) -> [String] {
  guard let directory = opendir(path) else { throw SystemErrno.current }
  defer { closedir(directory) }
  var names: [String] = []
  while let entry = readdir(directory) {
    let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
      String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    if name != "." && name != ".." { names.append(name) }
  }
  return names
}

/// `uname`: the system's name, the kernel release and the machine.
func system_uname() -> (system: String, release: String, machine: String) {
  var names = utsname()
  guard uname(&names) == 0 else { return ("", "", "") }
  func text<T>(_ field: T) -> String {
    withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
  }
  return (text(names.sysname), text(names.release), text(names.machine))
}

/// `isatty(descriptor)`.
func system_isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

/// `write` of all of `text` to standard error; errors are ignored (a progress bar).
func system_writeToStandardError(_ text: String) {
  var text = text
  text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

/// `getpid()`.
func system_processID() -> Int32 { getpid() }
