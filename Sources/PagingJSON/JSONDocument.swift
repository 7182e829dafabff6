/// A parsed JSON file that remembers where every value came from.
///
/// json-c parses and validates the text; a light scan of the same text then
/// records the byte offset of every value, because json-c keeps no positions.
///
///     let document = try JSONDocument(parsing: text, source: "x.json")
///     let levels = try document.rootField.object().required("levels")
///
/// - Complexity: O(*n*) in the length of the text.
public final class JSONDocument: Sendable {
  /// The name the text was read under, usually its path; every error starts with it.
  public let source: String
  /// The top-level value. ``rootField`` wraps it for decoding.
  public let root: JSONNode
  private let bytes: [UInt8]
  private let lineStarts: [Int]

  /// Parses `text`, a whole JSON document, read under the name `source`.
  ///
  /// - Throws: ``JSONInputError`` at the first syntax error, or at a key that appears twice in one object (json-c would
  ///   keep the last silently; a descriptor with two `page_size` keys is a mistake to report).
  public convenience init(parsing text: String, source: String) throws(JSONInputError) {
    try self.init(parsing: Array(text.utf8), source: source)
  }

  /// Parses `bytes`, the UTF-8 text of a whole JSON document, read under the name `source`.
  ///
  /// Taking bytes spares a file's reader a conversion to `String` and back.
  ///
  /// - Throws: ``JSONInputError`` at the first syntax error, or at a key that appears twice in one object.
  /// - Complexity: O(*n*) in the length of the text.
  public init(parsing bytes: [UInt8], source: String) throws(JSONInputError) {
    self.source = source
    self.bytes = bytes
    var starts = [0]
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      starts.append(index + 1)
    }
    self.lineStarts = starts

    let parsed: JSONCObject
    switch jsonc_parse(bytes) {
    case .success(let object): parsed = object
    case .failure(let offset, let message):
      throw Self.error(
        bytes: bytes, lineStarts: starts, source: source,
        offset: offset, path: nil, message: "invalid JSON: \(message)")
    }
    var scanner = JSONOffsetScanner(bytes: bytes)
    let spans = scanner.scanDocument()
    var builder = NodeBuilder(bytes: bytes, spans: spans)
    do {
      self.root = try builder.node(from: parsed.pointer, path: "")
    } catch let duplicate as DuplicateKey {
      throw Self.error(
        bytes: bytes, lineStarts: starts, source: source,
        offset: duplicate.offset, path: duplicate.path,
        message: "duplicate key")
    } catch {
      fatalError("unreachable: \(error)")
    }
  }

  /// An error located at `node`, naming its field path.
  public func error(at node: JSONNode, path: String, _ message: String) -> JSONInputError {
    Self.error(
      bytes: bytes, lineStarts: lineStarts, source: source,
      offset: node.offset, path: path, message: message)
  }

  /// 1-based line and column (in characters) of a byte offset.
  public func location(ofOffset offset: Int) -> (line: Int, column: Int) {
    Self.location(bytes: bytes, lineStarts: lineStarts, offset: offset)
  }

  private static func location(bytes: [UInt8], lineStarts: [Int], offset: Int) -> (line: Int, column: Int) {
    let offset = min(max(offset, 0), bytes.count)
    // The last line start at or before `offset`.
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
    }
    let lineStart = lineStarts[low]
    // Count characters, not bytes: skip UTF-8 continuation bytes.
    let column = bytes[lineStart..<offset].reduce(1) { $0 + (($1 & 0xC0) == 0x80 ? 0 : 1) }
    return (low + 1, column)
  }

  private static func error(
    bytes: [UInt8], lineStarts: [Int], source: String, offset: Int,
    path: String?, message: String
  ) -> JSONInputError {
    let (line, column) = location(bytes: bytes, lineStarts: lineStarts, offset: offset)
    return JSONInputError(source: source, line: line, column: column, path: path, message: message)
  }
}

/// One value in a document and the byte offset where it starts.
public struct JSONNode: Sendable {
  /// The value, with its children's positions.
  public enum Content: Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// The number exactly as written, and whether json-c read it as an integer.
    case number(String, isInteger: Bool)
    /// A string, unescaped.
    case string(String)
    /// An array's elements, in order.
    case array([JSONNode])
    /// An object's members, in the order written; keys are unique.
    case object([(key: String, value: JSONNode)])
  }

  /// What the value is.
  public let content: Content
  /// The byte offset of the value's first character in the document, turned into a line and column only when an error
  /// needs one.
  public let offset: Int

  /// The plain value, without positions.
  public var value: JSONValue {
    switch content {
    case .null: return .null
    case .bool(let flag): return .bool(flag)
    case .number(let text, _): return .number(text)
    case .string(let text): return .string(text)
    case .array(let nodes): return .array(nodes.map(\.value))
    case .object(let members): return .object(members.map { ($0.key, $0.value.value) })
    }
  }
}

private struct DuplicateKey: Error {
  var offset: Int
  var path: String
}

/// Joins json-c's tree with the scanner's offsets: both visit values in
/// document order, so the n-th value json-c yields is the n-th one scanned.
private struct NodeBuilder {
  let bytes: [UInt8]
  let spans: [JSONOffsetScanner.Span]
  var next = 0

  init(bytes: [UInt8], spans: [JSONOffsetScanner.Span]) {
    self.bytes = bytes
    self.spans = spans
  }

  mutating func node(from pointer: OpaquePointer?, path: String) throws -> JSONNode {
    let span = spans[next]
    next += 1
    switch jsonc_kind(pointer) {
    case .null: return JSONNode(content: .null, offset: span.start)
    case .bool: return JSONNode(content: .bool(jsonc_bool(pointer)), offset: span.start)
    case .int, .double:
      let text = String(decoding: bytes[span.start..<span.end], as: UTF8.self)
      let isInteger = !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
      return JSONNode(content: .number(text, isInteger: isInteger), offset: span.start)
    case .string: return JSONNode(content: .string(jsonc_string(pointer)), offset: span.start)
    case .array:
      var elements: [JSONNode] = []
      for (index, element) in jsonc_array_elements(pointer).enumerated() {
        elements.append(try node(from: element, path: "\(path)[\(index)]"))
      }
      return JSONNode(content: .array(elements), offset: span.start)
    case .object:
      let members = jsonc_object_members(pointer)
      if members.count != span.keyOffsets.count {
        try reportDuplicate(in: span, path: path)
      }
      var nodes: [(key: String, value: JSONNode)] = []
      for member in members {
        let childPath = JSONField.memberPath(parent: path, key: member.key)
        nodes.append((member.key, try node(from: member.value, path: childPath)))
      }
      return JSONNode(content: .object(nodes), offset: span.start)
    }
  }

  /// json-c keeps the last of two equal keys; find the second occurrence.
  private func reportDuplicate(in span: JSONOffsetScanner.Span, path: String) throws -> Never {
    var seen = Set<String>()
    for keyOffset in span.keyOffsets {
      let key = decodeKey(at: keyOffset)
      if !seen.insert(key).inserted {
        throw DuplicateKey(offset: keyOffset, path: JSONField.memberPath(parent: path, key: key))
      }
    }
    throw DuplicateKey(offset: span.start, path: path)
  }

  private func decodeKey(at offset: Int) -> String {
    var end = offset + 1
    while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
      end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
    }
    let lexeme = Array(bytes[offset...min(end, bytes.count - 1)])
    if case .success(let object) = jsonc_parse(lexeme) { return jsonc_string(object.pointer) }
    return String(decoding: lexeme, as: UTF8.self)
  }
}
