import PagingJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The whole of a file as bytes, or an ``InputError`` naming the file and the
/// system's reason.
public func readFileBytes(_ path: String) throws(InputError) -> [UInt8] {
  guard let file = fopen(path, "rb") else {
    throw .unreadable(path: path, reason: String(cString: strerror(errno)))
  }
  defer { fclose(file) }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 1 << 16)
  while true {
    let count = fread(&buffer, 1, buffer.count, file)
    if count > 0 { bytes += buffer[0..<count] }
    if count < buffer.count {
      if ferror(file) != 0 { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
      break
    }
  }
  return bytes
}

/// The whole of a text file. Invalid UTF-8 is reported at the line and column
/// of the first bad byte, never repaired.
public func readTextFile(_ path: String) throws(InputError) -> String {
  let bytes = try readFileBytes(path)
  if let text = String(validating: bytes, as: UTF8.self) { return text }
  let (line, column, byte) = firstInvalidUTF8(in: bytes)
  let hex = String(byte, radix: 16, uppercase: true)
  throw .located(JSONInputError(source: path, line: line, column: column, path: nil,
                                message: "not valid UTF-8 text (byte 0x\(hex.count == 1 ? "0" + hex : hex))"))
}

/// Where the first byte that does not start a valid UTF-8 sequence sits; the
/// column counts characters, as editors do.
func firstInvalidUTF8(in bytes: [UInt8]) -> (line: Int, column: Int, byte: UInt8) {
  var parser = Unicode.UTF8.ForwardParser()
  var iterator = bytes.makeIterator()
  var offset = 0, line = 1, column = 1
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
