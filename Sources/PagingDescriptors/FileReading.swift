import PagingCore
import PagingJSON

/// The most a JSON input (descriptor, scenario, ranges file) may hold.
public let jsonInputLimit = 64 << 20

/// The whole of a file as bytes, or an ``InputError`` naming the file and the
/// system's reason.
///
/// A regular file larger than `limit` is refused before it is read. Anything
/// else (a device, a FIFO, a pipe from the shell) is read to its end but no
/// further than `limit`, so `/dev/zero` gives an error rather than filling
/// memory, and a FIFO nobody writes to reads as empty rather than blocking.
public func readFileBytes(_ path: String, limit: Int = jsonInputLimit) throws(InputError) -> [UInt8] {
  guard let file = ReadableFile(path: path) else { throw .unreadable(path: path, reason: system_errorText()) }
  if file.kind == .directory { throw .unreadable(path: path, reason: "is a directory, not a file") }
  if file.kind == .regular, file.size > Int64(limit) {
    throw .unreadable(
      path: path,
      reason:
        "is \(formatBytesRoughly(UInt128(file.size))); files of this kind are read up to \(formatBytes(UInt128(limit)))"
    )
  }
  guard let bytes = file.readAll(limit: limit) else { throw .unreadable(path: path, reason: system_errorText()) }
  guard bytes.count <= limit else {
    throw .unreadable(
      path: path,
      reason: "\(file.kind.phrase) that gave more than \(formatBytes(UInt128(limit))), the most read from one input")
  }
  return bytes
}

/// The whole of a text file. Invalid UTF-8 is reported at the line and column
/// of the first bad byte, never repaired.
public func readTextFile(_ path: String, limit: Int = jsonInputLimit) throws(InputError) -> String {
  try decodeText(readFileBytes(path, limit: limit), source: path)
}

/// `bytes` as UTF-8 text, never repaired: invalid UTF-8 throws an
/// ``InputError`` located at `source`'s line and column of the first bad
/// byte.
public func decodeText(_ bytes: [UInt8], source: String) throws(InputError) -> String {
  if let text = String(validating: bytes, as: UTF8.self) { return text }
  let (line, column, byte) = firstInvalidUTF8(in: bytes)
  let hex = String(byte, radix: 16, uppercase: true)
  throw .located(
    JSONInputError(
      source: source, line: line, column: column, path: nil,
      message: "not valid UTF-8 text (byte 0x\(hex.count == 1 ? "0" + hex : hex))"))
}

/// Where the first byte that does not start a valid UTF-8 sequence sits; the
/// column counts characters, as editors do.
func firstInvalidUTF8(in bytes: [UInt8]) -> (line: Int, column: Int, byte: UInt8) {
  var parser = Unicode.UTF8.ForwardParser()
  var iterator = bytes.makeIterator()
  var offset = 0
  var line = 1
  var column = 1
  while true {
    switch parser.parseScalar(from: &iterator) {
    case .valid(let encoded):
      if encoded.count == 1, encoded.first == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else {
        column += 1
      }
      offset += encoded.count
    case .error:
      return (line, column, bytes[offset])
    case .emptyInput:
      return (line, column, 0)
    }
  }
}
