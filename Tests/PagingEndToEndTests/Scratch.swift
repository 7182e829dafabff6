import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A folder of its own under the system's temporary folder, for files the
/// end-to-end tests make (device nodes and FIFOs included: the tests never
/// point the tool at a real device). Removed when the test is done with it.
final class Scratch {
  let url: URL

  init() throws {
    var template = Array((NSTemporaryDirectory() + "/paging-test-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
    url = URL(fileURLWithPath: String(cString: made))
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  /// Writes `text` to `name` and returns its path.
  @discardableResult
  func write(_ name: String, _ text: String) throws -> String {
    try write(name, bytes: Array(text.utf8))
  }

  @discardableResult
  func write(_ name: String, bytes: [UInt8]) throws -> String {
    let path = path(name)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  func read(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path(name)))) }

  /// A character device node like the system's `(major, minor)` one, such
  /// as (1, 7) for `/dev/full` or (1, 5) for `/dev/zero`.
  func characterDevice(_ name: String, major: UInt32, minor: UInt32) throws -> String {
    let path = path(name)
    guard mknod(path, S_IFCHR | 0o666, dev_t(major) << 8 | dev_t(minor)) == 0 else { throw POSIXError(.EPERM) }
    return path
  }

  func fifo(_ name: String) throws -> String {
    let path = path(name)
    guard mkfifo(path, 0o666) == 0 else { throw POSIXError(.EPERM) }
    return path
  }

  /// What `stat` says `name` is, following no links.
  func kind(_ name: String) -> mode_t {
    var info = stat()
    guard lstat(path(name), &info) == 0 else { return 0 }
    return info.st_mode & S_IFMT
  }
}

/// One line of standard error, as every error should be.
func isOneLine(_ text: String) -> Bool {
  text.hasSuffix("\n") && text.dropLast().allSatisfy { $0 != "\n" && $0 != "\r" }
    && !text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }
}

/// A scenario file's text around `steps` (a JSON array) and extra members.
func scenarioText(architectures: String = "[\"x86-64\"]", extra: String = "", steps: String) -> String {
  """
  {"format_version": 1, "title": "t", "description": "d", "architectures": \(architectures),\(extra)
   "steps": \(steps)}
  """
}
