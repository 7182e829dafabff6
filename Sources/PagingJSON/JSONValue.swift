import PagingCore

/// A JSON value as Swift sees it, for reading and for writing.
///
/// Numbers keep their exact text, so that an integer of any size (a 2^64-byte
/// span, say) survives reading and writing without passing through `Double`.
///
///     let value: JSONValue = .object([("page_size", .integer(4096))])
///     print(value.serialized())   // {\n  "page_size": 4096\n}
public indirect enum JSONValue: Equatable, Sendable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number, exactly as written: `4096`, `-1`, `1.5e3`.
  case number(String)
  /// A string; json-c escapes it when written.
  case string(String)
  /// Elements in order.
  case array([JSONValue])
  /// Members in order. Keys are unique when read from a document.
  case object([(String, JSONValue)])

  /// An integer of any width, written exactly: `.integer(UInt128(1) << 64)` writes `18446744073709551616`, which no
  /// `Double` holds.
  public static func integer<T: BinaryInteger>(_ value: T) -> JSONValue {
    .number(String(value))
  }

  /// A frame number, written as the integer it is: `.integer(FrameNumber(7))` writes `7`.
  public static func integer(_ frame: FrameNumber) -> JSONValue { .integer(frame.rawValue) }

  /// A physical address, written as an integer (JSON has no hex): `.integer(PhysicalAddress(0x1000))` writes `4096`.
  public static func integer(_ address: PhysicalAddress) -> JSONValue { .integer(address.rawValue) }

  /// Whether two values are the same JSON: numbers compare by their text and objects by their members in order, so
  /// `1.0` and `1` differ, as they do when written.
  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// A short description for error messages: strings quoted, numbers as
  /// written, containers by kind.
  public var briefDescription: String {
    switch self {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .number(let text): return text
    case .string(let text): return quotedForMessage(text, limit: 40)
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}
