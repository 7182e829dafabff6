import PagingCore

/// A value in a document together with its field path, for decoding with
/// errors that point at the value.
///
///     let object = try document.rootField.object()
///     let bits = try object.required("virtual_address_bits").integer(in: 1...64)
///     try object.rejectUnknownKeys()
public struct JSONField {
  /// The value.
  public let node: JSONNode
  /// Such as `levels[2].index_bits`; empty for the top-level value.
  public let path: String
  /// The document the value is in, which turns its offset into a line and column.
  public let document: JSONDocument

  /// `node` at field `path` of `document`. ``JSONDocument/rootField``, ``object()`` and ``array()`` build these with
  /// the right paths; build one directly only to decode a value found some other way.
  public init(node: JSONNode, path: String, document: JSONDocument) {
    self.node = node
    self.path = path
    self.document = document
  }

  /// The path of member `key` of the value at `parent`: `parent.key`, or
  /// `parent["k\ney"]` (escaped and shortened) for a key that is not a
  /// plain name, so a path always prints as one short line.
  public static func memberPath(parent: String, key: String) -> String {
    let plain =
      !key.isEmpty && key.unicodeScalars.count <= 60
      && key.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
      }
    if plain { return parent.isEmpty ? key : "\(parent).\(key)" }
    return "\(parent)[\(quotedForMessage(key))]"
  }

  /// An error located at this value.
  public func error(_ message: String) -> JSONInputError {
    document.error(at: node, path: path, message)
  }

  /// "expected …, got …", located at this value.
  public func mismatch(_ expectation: String) -> JSONInputError {
    error("expected \(expectation), got \(node.value.briefDescription)")
  }

  /// The value as an object whose members can be read by key.
  ///
  /// - Throws: ``JSONInputError`` "expected an object, got ..." at this value when it is anything else.
  public func object() throws(JSONInputError) -> JSONObjectReader {
    guard case .object(let members) = node.content else { throw mismatch("an object") }
    return JSONObjectReader(field: self, members: members)
  }

  /// The value's elements, each with its path (`levels[0]`, `levels[1]`, ...).
  ///
  /// - Throws: ``JSONInputError`` "expected an array, got ..." at this value when it is anything else.
  public func array() throws(JSONInputError) -> [JSONField] {
    guard case .array(let elements) = node.content else { throw mismatch("an array") }
    return elements.enumerated().map {
      JSONField(node: $0.element, path: "\(path)[\($0.offset)]", document: document)
    }
  }

  /// The value as a string.
  ///
  /// - Throws: ``JSONInputError`` "expected a string, got ..." at this value when it is anything else.
  public func string() throws(JSONInputError) -> String {
    guard case .string(let text) = node.content else { throw mismatch("a string") }
    return text
  }

  /// The value as a Boolean.
  ///
  /// - Throws: ``JSONInputError`` "expected true or false, got ..." at this value when it is anything else.
  public func bool() throws(JSONInputError) -> Bool {
    guard case .bool(let flag) = node.content else { throw mismatch("true or false") }
    return flag
  }

  /// The text of an integer literal, if this value is one.
  public var integerLiteral: String? {
    if case .number(let text, true) = node.content { return text }
    return nil
  }

  /// An integer in `range`, read exactly from its literal (never through a
  /// double, and never saturated).
  public func integer<T: FixedWidthInteger>(in range: ClosedRange<T>) throws(JSONInputError) -> T {
    let expectation = "an integer from \(range.lowerBound) to \(range.upperBound)"
    guard let literal = integerLiteral, let value = T(literal), range.contains(value) else {
      throw mismatch(expectation)
    }
    return value
  }
}

extension JSONDocument {
  /// The top-level value, with an empty path, to start decoding from.
  public var rootField: JSONField { JSONField(node: root, path: "", document: self) }
}

/// Reads an object's members by key and remembers which were read, so that
/// any key left over can be reported as unknown.
public final class JSONObjectReader {
  /// The object itself, for errors about it as a whole.
  public let field: JSONField
  private let members: [(key: String, value: JSONNode)]
  private var used = Set<String>()

  init(field: JSONField, members: [(key: String, value: JSONNode)]) {
    self.field = field
    self.members = members
  }

  /// The object's keys, in the order written.
  public var keys: [String] { members.map(\.key) }

  /// The member named `key`, or nil when there is none; either way `key` counts as read for
  /// ``rejectUnknownKeys(allowed:)``.
  public func optional(_ key: String) -> JSONField? {
    guard let member = members.first(where: { $0.key == key }) else { return nil }
    used.insert(key)
    let path = memberPath(key)
    return JSONField(node: member.value, path: path, document: field.document)
  }

  /// The member named `key`.
  ///
  /// - Throws: ``JSONInputError`` "missing required key", located at the object and naming the missing key's path.
  public func required(_ key: String) throws(JSONInputError) -> JSONField {
    guard let member = optional(key) else {
      let path = memberPath(key)
      throw field.document.error(at: field.node, path: path, "missing required key")
    }
    return member
  }

  /// `parent.key`, or `parent["k\ney"]` (escaped, shortened) for a key that
  /// is not a plain name, so a path is always one short line.
  private func memberPath(_ key: String) -> String { JSONField.memberPath(parent: field.path, key: key) }

  /// Throws at the first member whose key was never asked for.
  public func rejectUnknownKeys(allowed: [String] = []) throws(JSONInputError) {
    for member in members where !used.contains(member.key) && !allowed.contains(member.key) {
      let path = memberPath(member.key)
      throw field.document.error(at: member.value, path: path, "unknown key")
    }
  }
}
