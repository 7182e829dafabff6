import PagingCore
import PagingJSON

/// Reads architecture descriptors (see `Architectures/README.md`).
///
///     let x86 = try ArchitectureDescriptor.decode(text: text, source: "x86-64.json")
///
/// Every problem, from a stray comma to levels that do not add up, comes back
/// as one ``InputError`` located at the value at fault.
public enum ArchitectureDescriptor {
  /// The `format_version` this reader accepts; a descriptor written for another version is refused rather than
  /// misread.
  public static let formatVersion = 1

  /// The architecture the descriptor `text` describes, validated.
  ///
  /// - Parameters:
  ///   - text: The whole descriptor, JSON.
  ///   - source: The name errors give the file, usually its path.
  /// - Returns: An architecture that has passed `Architecture(validating:)`.
  /// - Throws: ``InputError/located(_:)`` at the first problem: a syntax error, an unknown or missing key, a value
  ///   of the wrong type or range, or an architecture that cannot exist (levels whose bits do not add up, entry
  ///   fields that overlap), each pointing at the field at fault.
  public static func decode(text: String, source: String) throws(InputError) -> Architecture {
    let document: JSONDocument
    do { document = try JSONDocument(parsing: text, source: source) } catch { throw .located(error) }
    return try decode(document)
  }

  /// The architecture a parsed descriptor describes, validated; for a caller that already holds the document.
  ///
  /// - Throws: ``InputError/located(_:)`` at the field at fault; a validation error that names a field missing from the
  ///   file is placed at the nearest enclosing field that is there.
  public static func decode(_ document: JSONDocument) throws(InputError) -> Architecture {
    let spec: ArchitectureSpec
    do { spec = try readSpec(document.rootField) } catch { throw .located(error) }
    do {
      return try Architecture(validating: spec)
    } catch {
      let field = document.nearestField(at: error.path)
      throw .located(document.error(at: field.node, path: error.path, error.message))
    }
  }

  static func readSpec(_ root: JSONField) throws(JSONInputError) -> ArchitectureSpec {
    let object = try root.object()
    let version = try object.required(.formatVersion)
    guard version.integerLiteral == String(formatVersion) else {
      throw version.mismatch("format version \(formatVersion)")
    }
    let name = try object.required(.name).string()
    let title = try object.required(.title).string()
    let summary = try object.required(.summary).string()
    let virtualBits = try object.required(.virtualAddressBits).integer(in: 1...64)
    let pointerBits = try object.optional(.pointerBits).map { field throws(JSONInputError) in
      let bits = try field.integer(in: 32...64)
      guard bits == 32 || bits == 64 else { throw field.mismatch("32 or 64") }
      return bits
    }
    let upperBits = try object.optional(.upperBits).map { field throws(JSONInputError) in
      let text = try field.string()
      guard let rule = UpperBitsRule(rawValue: text), rule != .none else {
        throw field.mismatch(choices(UpperBitsRule.allCases.filter { $0 != .none }.map(\.rawValue)))
      }
      return rule
    }
    let rootSelection = try object.optional(.rootSelect).map { field throws(JSONInputError) in
      try readRootSelection(field)
    }
    let physicalBits = try object.required(.physicalAddressBits).integer(in: 1...64)
    let pageSize = try object.required(.pageSize).size()
    let entrySize = try object.required(.entrySize).integer(in: 1...16)
    let levels = try object.optional(.levels).map { field throws(JSONInputError) in
      try field.array().map { element throws(JSONInputError) in try readLevel(element) }
    }
    let format = try readEntryFormat(object.required(.entryFormat))
    let sources = try readStrings(object.required(.sources))
    let notes = try object.optional(.notes).map { field throws(JSONInputError) in try readStrings(field) } ?? []
    try object.rejectUnknownKeys()
    return ArchitectureSpec(
      name: name, title: title, summary: summary, virtualAddressBits: virtualBits,
      pointerBits: pointerBits, upperBits: upperBits, physicalAddressBits: physicalBits,
      pageSize: pageSize, entrySize: entrySize, levels: levels, entryFormat: format,
      sources: sources, notes: notes, rootSelection: rootSelection)
  }

  /// `root_select`: `{ "bits": { "high": 55, "low": 55 }, "other_bits":
  /// "copies", "top_byte_ignore": false, "roots": [{ "value": 0, "name":
  /// "TTBR0" }, ...] }`.
  static func readRootSelection(_ field: JSONField) throws(JSONInputError) -> RootSelection {
    let object = try field.object()
    let bits = try object.required(.bits).object()
    let high = try bits.required(.high).integer(in: 0...127)
    let low = try bits.required(.low).integer(in: 0...127)
    try bits.rejectUnknownKeys()
    let otherField = try object.required(.otherBits)
    guard let other = RootSelection.OtherBits(rawValue: try otherField.string()) else {
      throw otherField.mismatch(choices(RootSelection.OtherBits.allCases.map(\.rawValue)))
    }
    let ignoresTopByte = try object.optional(.topByteIgnore)?.bool() ?? false
    let roots = try object.required(.roots).array().map { element throws(JSONInputError) in
      let root = try element.object()
      let value = try root.required(.value).integer(in: 0...255)
      let name = try root.required(.name).string()
      try root.rejectUnknownKeys()
      return RootSelection.Root(value: UInt64(value), name: name)
    }
    try object.rejectUnknownKeys()
    return RootSelection(highBit: high, lowBit: low, otherBits: other, topByteIgnored: ignoresTopByte, roots: roots)
  }

  static func readLevel(_ field: JSONField) throws(JSONInputError) -> ArchitectureSpec.LevelSpec {
    let object = try field.object()
    let name = try object.required(.name).string()
    let bits = try object.required(.indexBits).integer(in: 1...64)
    let largePage = try object.optional(.largePage).map { field throws(JSONInputError) in try field.size() }
    let pages = try object.optional(.pages).map { field throws(JSONInputError) in try field.integer(in: 1...1024) }
    let format = try object.optional(.entryFormat).map { field throws(JSONInputError) in try readLevelFormat(field) }
    try object.rejectUnknownKeys()
    return ArchitectureSpec.LevelSpec(
      name: name, indexBits: bits, largePage: largePage, pages: pages,
      pointerPermissions: format?.pointerPermissions, reserved: format?.reserved ?? [],
      largePageFrame: format?.largePageFrame)
  }

  static func readEntryFormat(_ field: JSONField) throws(JSONInputError) -> ArchitectureSpec.EntryFormatSpec {
    let object = try field.object()
    let encodingField = try object.required(.leafEncoding)
    let kinds = ArchitectureSpec.EntryFormatSpec.LeafEncodingKind.allCases
    guard let encoding = ArchitectureSpec.EntryFormatSpec.LeafEncodingKind(rawValue: try encodingField.string()) else {
      throw encodingField.mismatch(kinds.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
    }
    let pointerPermissions = try object.required(.pointerPermissions).bool()
    var bits: [DescriptorKey: Int] = [:]
    for key in DescriptorKey.singleBitFields {
      if let bitField = object.optional(key) { bits[key] = try bitField.integer(in: 0...127) }
    }
    let frame = try object.required(.frame).object()
    let lowBit = try frame.required(.lowBit).integer(in: 0...127)
    let width = try frame.required(.bits).integer(in: 1...128)
    try frame.rejectUnknownKeys()
    try object.rejectUnknownKeys()
    return ArchitectureSpec.EntryFormatSpec(
      leafEncoding: encoding, pointerPermissions: pointerPermissions,
      bits: bits, frameLowBit: lowBit, frameBits: width)
  }

  /// `"a", "b" or "c"`: the values a field takes, for its message.
  static func choices(_ values: [String]) -> String {
    let quoted = values.map { "\"\($0)\"" }
    guard let last = quoted.last, quoted.count > 1 else { return quoted.first ?? "" }
    return quoted.dropLast().joined(separator: ", ") + " or " + last
  }

  static func readStrings(_ field: JSONField) throws(JSONInputError) -> [String] {
    try field.array().map { element throws(JSONInputError) in try element.string() }
  }
}

/// A level's `entry_format`: what differs from the architecture's format
/// at that level (`pointer_permissions`, `reserved` bit ranges, a large
/// page's `large_page_frame` pieces).
func readLevelFormat(_ field: JSONField) throws(JSONInputError)
  -> (pointerPermissions: Bool?, reserved: [ClosedRange<Int>], largePageFrame: [BitField]?)
{
  let object = try field.object()
  let pointerPermissions = try object.optional(.pointerPermissions)?.bool()
  let reserved =
    try object.optional(.reserved).map { field throws(JSONInputError) in
      try field.array().map { element throws(JSONInputError) -> ClosedRange<Int> in
        let range = try element.object()
        let high = try range.required(.high).integer(in: 0...127)
        let lowField = try range.required(.low)
        let low = try lowField.integer(in: 0...127)
        try range.rejectUnknownKeys()
        guard low <= high else { throw lowField.mismatch("a bit no higher than \(DescriptorKey.high) (\(high))") }
        return low...high
      }
    } ?? []
  let largePageFrame = try object.optional(.largePageFrame).map { field throws(JSONInputError) in
    try field.array().map { element throws(JSONInputError) -> BitField in
      let piece = try element.object()
      let low = try piece.required(.lowBit).integer(in: 0...127)
      let width = try piece.required(.bits).integer(in: 1...128)
      try piece.rejectUnknownKeys()
      return BitField(lowBit: low, width: width)
    }
  }
  try object.rejectUnknownKeys()
  return (pointerPermissions, reserved, largePageFrame)
}
