/// Finds where each value of an already-validated JSON text starts and ends,
/// in document order. It trusts json-c to have rejected malformed text, so it
/// only tells tokens apart.
///
/// - Complexity: O(*n*) in the length of the text.
struct JSONOffsetScanner {
  struct Span {
    var start: Int
    var end: Int
    /// For objects: the offset of each key's opening quote, in order.
    var keyOffsets: [Int] = []
  }

  private let bytes: [UInt8]
  private var position = 0
  private var spans: [Span] = []

  init(bytes: [UInt8]) { self.bytes = bytes }

  mutating func scanDocument() -> [Span] {
    skipWhitespace()
    scanValue()
    return spans
  }

  private var current: UInt8 { position < bytes.count ? bytes[position] : 0 }

  private mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
        position += 1
      default:
        return
      }
    }
  }

  private mutating func scanValue() {
    let index = spans.count
    spans.append(Span(start: position, end: position))
    switch current {
    case UInt8(ascii: "{"):
      position += 1
      var keys: [Int] = []
      skipWhitespace()
      while position < bytes.count, current != UInt8(ascii: "}") {
        keys.append(position)
        skipString()
        skipWhitespace()
        position += 1  // ':'
        skipWhitespace()
        scanValue()
        skipWhitespace()
        if current == UInt8(ascii: ",") {
          position += 1
          skipWhitespace()
        }
      }
      position += 1
      spans[index].keyOffsets = keys
    case UInt8(ascii: "["):
      position += 1
      skipWhitespace()
      while position < bytes.count, current != UInt8(ascii: "]") {
        scanValue()
        skipWhitespace()
        if current == UInt8(ascii: ",") {
          position += 1
          skipWhitespace()
        }
      }
      position += 1
    case UInt8(ascii: "\""):
      skipString()
    default:
      // Numbers and the literals true, false and null.
      while position < bytes.count {
        switch bytes[position] {
        case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"),
          UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
          spans[index].end = position
          return
        default:
          position += 1
        }
      }
    }
    spans[index].end = position
  }

  private mutating func skipString() {
    position += 1
    while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
      position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
    }
    position += 1
  }
}
