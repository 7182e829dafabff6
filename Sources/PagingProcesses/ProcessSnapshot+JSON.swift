import PagingCore
import PagingDescriptors
import PagingJSON

/// Snapshots as JSON files:
///
///     { "format": "paging process snapshot", "version": 1,
///       "pid": 4242, "command": "bash", "kernel": "6.18.44", "paging_mode": "x86-64",
///       "page_size": 4096, "vmpte_bytes": 61440, "vmrss_bytes": 4300800,
///       "mappings": ["0x55d0c0a00000-0x55d0c0a28000 r--p /usr/bin/bash", ...],
///       "populated": ["0x55d0c0a00000+12", ...],
///       "huge_pages": [{"start": "0x7f0000000000", "count": 2, "anonymous": true}] }
///
/// A mapping is `START-END PERMISSIONS NAME` as in /proc/PID/maps (the name
/// may be empty); a populated run is `START+PAGES`, its first address and
/// its count of 4 KiB pages; `populated` is null when only the mappings
/// were read. Everything is checked when read, and a fault is reported at
/// its line, column and field.
extension ProcessSnapshot {
  /// The value of the `format` key.
  public static let formatName = "paging process snapshot"

  /// The snapshot as JSON text, ending in a newline.
  public func jsonText() -> String {
    var members: [(String, JSONValue)] = [
      ("format", .string(Self.formatName)),
      ("version", .integer(1)),
      ("pid", processID.map { .integer($0) } ?? .null),
      ("command", .string(command)),
      ("kernel", .string(kernelRelease)),
      ("paging_mode", .string(pagingMode.rawValue)),
      ("page_size", .integer(Self.pageSize)),
      ("vmpte_bytes", reportedVmPTEBytes.map { .integer($0) } ?? .null),
      ("vmrss_bytes", reportedVmRSSBytes.map { .integer($0) } ?? .null),
    ]
    members.append(
      (
        "mappings",
        .array(
          mappings.map { mapping in
            let text = "\(formatHex(mapping.start))-\(formatHex(mapping.end)) \(mapping.permissions)"
            return .string(mapping.name.isEmpty ? text : text + " " + mapping.name)
          })
      ))
    members.append(
      (
        "populated",
        populated.map { runs in .array(runs.map { .string("\(formatHex($0.start))+\($0.pages)") }) } ?? .null
      ))
    members.append(
      (
        "huge_pages",
        .array(
          hugePages.map {
            .object([
              ("start", .string(formatHex($0.start))), ("count", .integer($0.count)),
              ("anonymous", .bool($0.anonymous)),
            ])
          })
      ))
    return JSONValue.object(members).serialized() + "\n"
  }

  /// Reads and checks the snapshot file at `path`, bounded as every JSON input is.
  public static func read(path: String) throws(InputError) -> ProcessSnapshot {
    let text = try readTextFile(path)
    do throws(JSONInputError) { return try decode(text: text, source: path) } catch { throw .located(error) }
  }

  /// Reads a snapshot written by ``jsonText()``, checking every field.
  public static func decode(text: String, source: String) throws(JSONInputError) -> ProcessSnapshot {
    let document = try JSONDocument(parsing: text, source: source)
    let object = try document.rootField.object()
    let format = try object.required("format")
    guard try format.string() == formatName else { throw format.mismatch("\"\(formatName)\"") }
    _ = try object.required("version").integer(in: 1...1)
    let pidField = try object.required("pid")
    let pid: Int32? = pidField.node.value == .null ? nil : try pidField.integer(in: 0...Int32.max)
    let command = try object.required("command").string()
    let kernel = try object.required("kernel").string()
    let modeField = try object.required("paging_mode")
    guard let mode = PagingMode(rawValue: try modeField.string()) else {
      throw modeField.mismatch(PagingMode.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or "))
    }
    _ = try object.required("page_size").integer(in: pageSize...pageSize)
    let vmpte = try optionalInteger(object.required("vmpte_bytes"))
    let vmrss = try optionalInteger(object.required("vmrss_bytes"))
    let mappings = try decodeMappings(object.required("mappings"), mode: mode)
    let populatedField = try object.required("populated")
    let populated = populatedField.node.value == .null ? nil : try decodeRuns(populatedField, within: mappings)
    let huge = try decodeHugePages(object.required("huge_pages"), within: populated)
    try object.rejectUnknownKeys()
    return ProcessSnapshot(
      processID: pid, command: command, kernelRelease: kernel, pagingMode: mode,
      mappings: mappings, populated: populated, hugePages: huge,
      reportedVmPTEBytes: vmpte, reportedVmRSSBytes: vmrss)
  }

  static func optionalInteger(_ field: JSONField) throws(JSONInputError) -> UInt64? {
    field.node.value == .null ? nil : try field.integer(in: 0...UInt64.max)
  }

  /// An address such as "0x7f0000000000", or nil.
  static func address(_ text: Substring) -> UInt64? {
    guard text.hasPrefix("0x"), text.count > 2 else { return nil }
    return UInt64(text.dropFirst(2), radix: 16)
  }

  static func decodeMappings(_ field: JSONField, mode: PagingMode) throws(JSONInputError) -> [ProcessMapping] {
    var mappings: [ProcessMapping] = []
    for element in try field.array() {
      let text = try element.string()
      let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
      let bounds = parts.first?.split(separator: "-", omittingEmptySubsequences: false) ?? []
      guard parts.count >= 2, bounds.count == 2, let start = address(bounds[0]), let end = address(bounds[1]),
        parts[1].count == 4
      else {
        throw element.mismatch("\"START-END PERMISSIONS NAME\" such as \"0x400000-0x401000 r-xp /bin/true\"")
      }
      guard start < end, start % pageSize == 0, end % pageSize == 0 else {
        throw element.error("expected a non-empty range of whole 4 KiB pages")
      }
      guard end <= mode.userAddressEnd else {
        throw element.error("ends past \(formatHex(mode.userAddressEnd)), the end of \(mode.rawValue)'s user half")
      }
      if let last = mappings.last, start < last.end {
        throw element.error(
          "starts before the previous mapping ends (\(formatHex(last.end))): mappings must be sorted and disjoint")
      }
      mappings.append(
        ProcessMapping(
          start: start, end: end, permissions: String(parts[1]),
          name: parts.count == 3 ? String(parts[2]) : ""))
    }
    return mappings
  }

  static func decodeRuns(_ field: JSONField, within mappings: [ProcessMapping]) throws(JSONInputError) -> [PageRun] {
    var runs: [PageRun] = []
    var mappingIndex = 0
    for element in try field.array() {
      let text = try element.string()
      let parts = text.split(separator: "+", omittingEmptySubsequences: false)
      guard parts.count == 2, let start = address(parts[0]), let pages = UInt64(parts[1]), pages > 0 else {
        throw element.mismatch("\"START+PAGES\" such as \"0x400000+3\"")
      }
      let (length, overflow1) = pages.multipliedReportingOverflow(by: pageSize)
      let (end, overflow2) = start.addingReportingOverflow(length)
      guard start % pageSize == 0, !overflow1, !overflow2 else {
        throw element.error("expected a page-aligned start and a run that ends below 2^64")
      }
      if let last = runs.last, start < last.end {
        throw element.error(
          "starts before the previous run ends (\(formatHex(last.end))): runs must be sorted and disjoint")
      }
      // Each run lies in mappings that follow one another without a gap.
      while mappingIndex < mappings.count, mappings[mappingIndex].end <= start { mappingIndex += 1 }
      var covered = start
      var index = mappingIndex
      while index < mappings.count, mappings[index].start <= covered, covered < end {
        covered = mappings[index].end
        index += 1
      }
      guard covered >= end else {
        throw element.error("pages \(formatHex(covered))-\(formatHex(end)) are not in any mapping")
      }
      runs.appendPages(from: start, to: end)
    }
    return runs
  }

  static func decodeHugePages(_ field: JSONField, within populated: [PageRun]?) throws(JSONInputError) -> [HugePageRun]
  {
    var runs: [HugePageRun] = []
    for element in try field.array() {
      let object = try element.object()
      let startField = try object.required("start")
      guard let start = address(Substring(try startField.string())), start % hugePageSize == 0 else {
        throw startField.mismatch("a 2 MiB-aligned address such as \"0x7f0000200000\"")
      }
      let countField = try object.required("count")
      let count: UInt64 = try countField.integer(in: 1...(UInt64.max / hugePageSize))
      let anonymous = try object.required("anonymous").bool()
      try object.rejectUnknownKeys()
      let (end, overflow) = start.addingReportingOverflow(count * hugePageSize)
      guard !overflow else { throw countField.error("the blocks run past 2^64") }
      if let last = runs.last, start < last.end {
        throw startField.error(
          "starts before the previous huge pages end (\(formatHex(last.end))): they must be sorted and disjoint")
      }
      guard let populated else { throw element.error("huge pages need populated pages; \"populated\" is null") }
      guard PMDMappedBlocks.isFullyPopulated(start, length: end - start, populated) else {
        throw element.error("the blocks \(formatHex(start))-\(formatHex(end)) are not wholly in the populated pages")
      }
      runs.appendBlocks(from: start, to: end, anonymous: anonymous)
    }
    return runs
  }
}

extension ProcessSnapshot {
  /// The snapshots shipped in `Snapshots/`, decoded, with their file names.
  public static func builtins() throws(InputError) -> [(name: String, snapshot: ProcessSnapshot)] {
    try BuiltinSnapshotFiles.files.map { file throws(InputError) in
      do throws(JSONInputError) { return (file.name, try decode(text: file.text, source: file.name)) } catch {
        throw .located(error)
      }
    }
  }
}
