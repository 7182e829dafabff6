import PagingCore
import PagingJSON

// JSON renderings of the engine's answers. Key names here are a contract
// that scripts rely on (see README): add keys, never rename them.

/// The facts about an architecture that more than one rendering carries
/// (`list`, `sizes`, `show`, `levels`), each key spelled once, here.
enum ArchitectureFact: String {
  case name
  case title
  case virtualAddressBits = "virtual_address_bits"
  case pointerBits = "pointer_bits"
  case physicalAddressBits = "physical_address_bits"
  case pageSize = "page_size"
  case entrySize = "entry_size"
  case offsetBits = "offset_bits"
  case levelCount = "level_count"
  case levelsDerived = "levels_derived"
  case largePageSizes = "large_page_sizes"
  case indexBits = "index_bits"
  case lowBit = "low_bit"
}

extension Architecture {
  /// `facts` as members, in the order given.
  func members(_ facts: ArchitectureFact...) -> [(String, JSONValue)] {
    facts.map { fact in
      let value: JSONValue
      switch fact {
      case .name: value = .string(name)
      case .title: value = .string(title)
      case .virtualAddressBits: value = .integer(virtualAddressBits)
      case .pointerBits: value = .integer(pointerBits)
      case .physicalAddressBits: value = .integer(physicalAddressBits)
      case .pageSize: value = .integer(pageSize)
      case .entrySize: value = .integer(entrySize)
      case .offsetBits: value = .integer(offsetBits)
      case .levelCount: value = .integer(levelCount)
      case .levelsDerived: value = .bool(levelsAreDerived)
      case .largePageSizes: value = .array(largePageSizes.map { .integer($0) })
      case .indexBits: value = .array(levels.map { .integer($0.indexBits) })
      case .lowBit: value = .integer(offsetBits)
      }
      return (fact.rawValue, value)
    }
  }

  /// One `paging list` entry.
  public var listingJSON: JSONValue {
    .object(
      members(
        .name, .title, .virtualAddressBits, .physicalAddressBits, .pageSize, .entrySize, .levelCount, .largePageSizes)
    )
  }

  /// One `paging sizes` entry: every sizing answer, exactly.
  public var sizesJSON: JSONValue {
    let levelsJSON: [JSONValue] = levels.indices.map { level in
      .object([
        ("name", .string(levels[level].name)),
        (ArchitectureFact.indexBits.rawValue, .integer(levels[level].indexBits)),
        (ArchitectureFact.lowBit.rawValue, .integer(entrySpanBits(atLevel: level))),
        ("entries", .integer(entries(atLevel: level))),
        ("table_bytes", .integer(tableBytes(atLevel: level))),
        ("table_pages", .integer(tablePages(atLevel: level))),
        ("entry_span_bytes", .integer(entrySpan(atLevel: level))),
        ("max_tables", .integer(maxTables(atLevel: level))),
        ("maps_leaves", .bool(levels[level].mapsLeaves)),
      ])
    }
    let full64 = try? LevelPlan(virtualAddressBits: 64, pageSize: pageSize, entrySize: entrySize)
    return .object(
      members(
        .name, .title, .virtualAddressBits, .pointerBits, .physicalAddressBits, .pageSize, .entrySize, .offsetBits)
        + [
          ("entries_per_page", .integer(entriesPerPage)),
          ("bits_per_full_level", .integer(bitsPerFullLevel)),
        ] + members(.levelCount, .levelsDerived) + [
          ("single_level_table_bytes", .integer(singleLevelTableBytes)),
          ("address_space_bytes", .integer(addressSpaceBytes)),
          ("max_data_pages", .integer(virtualPageCount)),
          ("max_page_table_pages", .integer(maxPageTablePages)),
          ("max_physical_pages", .integer(maxPhysicalPages)),
        ] + members(.largePageSizes) + [
          (
            "levels_for_64_bit_addresses",
            full64.map { plan in
              .object(plan.members(.levelCount, .indexBits))
            } ?? .null
          ),
          ("levels", .array(levelsJSON)),
        ])
  }

  /// `paging show`: the descriptor's facts, with derived levels filled in.
  public var descriptionJSON: JSONValue {
    let format = entryFormat
    var formatMembers: [(String, JSONValue)] = [
      ("leaf_encoding", .string(format.leafEncodingName)),
      ("pointer_permissions", .bool(format.pointerPermissions)),
    ]
    formatMembers += format.namedBits.map { ($0.name, .integer($0.bit)) }
    formatMembers.append(
      (
        "frame",
        .object([
          ("low_bit", .integer(format.frameLowBit)),
          ("bits", .integer(format.frameBits)),
        ])
      ))
    return .object(
      members(.name, .title) + [("description", .string(summary))] + members(.virtualAddressBits, .pointerBits)
        + [("upper_bits", .string(upperBits.rawValue))]
        + (rootSelection.map { [("root_select", $0.json)] } ?? [])
        + members(.physicalAddressBits, .pageSize, .entrySize, .levelsDerived) + [
          (
            "levels",
            .array(
              levels.indices.map { level in
                var members: [(String, JSONValue)] = [
                  ("name", .string(levels[level].name)),
                  (ArchitectureFact.indexBits.rawValue, .integer(levels[level].indexBits)),
                  ("high_bit", .integer(entrySpanBits(atLevel: level) + levels[level].indexBits - 1)),
                  (ArchitectureFact.lowBit.rawValue, .integer(entrySpanBits(atLevel: level))),
                ]
                if levels[level].mapsLeaves && level != bottomLevel {
                  members.append(("large_page", .integer(entrySpan(atLevel: level))))
                }
                if levels[level].pages > 1 {
                  members.append(("pages", .integer(levels[level].pages)))
                }
                let ownFormat =
                  levels[level].pointersCarryPermissions != format.pointerPermissions && level != bottomLevel
                if ownFormat || levels[level].reservedMask != 0 || levels[level].largePageFrame != nil {
                  var formatMembers: [(String, JSONValue)] = []
                  if ownFormat {
                    formatMembers.append(("pointer_permissions", .bool(levels[level].pointersCarryPermissions)))
                  }
                  if levels[level].reservedMask != 0 {
                    formatMembers.append(
                      (
                        "reserved",
                        .array(
                          bitRuns(levels[level].reservedMask).map { run in
                            .object([("high", .integer(run.upperBound)), ("low", .integer(run.lowerBound))])
                          })
                      ))
                  }
                  if let pieces = levels[level].largePageFrame {
                    formatMembers.append(
                      (
                        "large_page_frame",
                        .array(
                          pieces.map { piece in
                            .object([("low_bit", .integer(piece.lowBit)), ("bits", .integer(piece.width))])
                          })
                      ))
                  }
                  members.append(("entry_format", .object(formatMembers)))
                }
                return .object(members)
              })
          ),
          ("entry_format", .object(formatMembers)),
          ("sources", .array(sources.map { .string($0) })),
          ("notes", .array(notes.map { .string($0) })),
        ])
  }
}

/// The runs of set bits in `mask`, lowest first.
func bitRuns(_ mask: UInt128) -> [ClosedRange<Int>] {
  var runs: [ClosedRange<Int>] = []
  var bit = 0
  while bit < 128 {
    guard (mask >> bit) & 1 == 1 else {
      bit += 1
      continue
    }
    let low = bit
    while bit < 128 && (mask >> bit) & 1 == 1 { bit += 1 }
    runs.append(low...(bit - 1))
  }
  return runs
}

extension RootSelection {
  /// The `root_select` object, as a descriptor writes it.
  public var json: JSONValue {
    .object([
      ("bits", .object([("high", .integer(highBit)), ("low", .integer(lowBit))])),
      ("other_bits", .string(otherBits.rawValue)),
      ("top_byte_ignore", .bool(topByteIgnored)),
      ("roots", .array(roots.map { .object([("value", .integer(Int($0.value))), ("name", .string($0.name))]) })),
    ])
  }
}

extension Footprint {
  /// The answer as `paging footprint --format json` prints it: the
  /// `architecture`, whether `large_pages` were used, its `level_names`,
  /// the `start` of a single range when there was one, then the counts of
  /// ``json(pageSize:)``.
  public func json(architecture arch: Architecture, largePages: Bool, start: UInt128?) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("architecture", .string(arch.name)),
      ("large_pages", .bool(largePages)),
      ("level_names", .array(arch.levels.map { .string($0.name) })),
    ]
    if let start { members.append(("start", .string(formatHex(start)))) }
    return .object(members + json(pageSize: arch.pageSize))
  }

  /// `paging footprint` keys: ``pageCountsJSON(dataPages:pageTablePagesPerLevel:totalPages:pageSize:)``
  /// and `leaves_per_level`.
  public func json(pageSize: UInt128) -> [(String, JSONValue)] {
    Self.pageCountsJSON(
      dataPages: dataPages, pageTablePagesPerLevel: pageTablePagesPerLevel, totalPages: totalPages,
      pageSize: pageSize) + [("leaves_per_level", .array(leavesPerLevel.map { .integer($0) }))]
  }

  /// The page counts every answer about mapped memory starts with, the
  /// engine's (`paging footprint`) and the simulator's (`simulate`) alike:
  /// `data_pages`, `page_table_pages` and `page_table_pages_per_level`,
  /// `total_pages` and `page_table_bytes`. Written here once, so the two
  /// cannot drift apart.
  public static func pageCountsJSON(
    dataPages: UInt128, pageTablePagesPerLevel: [UInt128], totalPages: UInt128, pageSize: UInt128
  ) -> [(String, JSONValue)] {
    let pageTablePages = pageTablePagesPerLevel.reduce(0, +)
    return [
      ("data_pages", .integer(dataPages)),
      ("page_table_pages", .integer(pageTablePages)),
      ("page_table_pages_per_level", .array(pageTablePagesPerLevel.map { .integer($0) })),
      ("total_pages", .integer(totalPages)),
      ("page_table_bytes", .integer(pageTablePages * pageSize)),
    ]
  }
}

extension LevelPlan {
  /// `facts` of the plan as members, in the order given; the keys are the
  /// architecture's (a plan has no name, title or physical addresses).
  func members(_ facts: ArchitectureFact...) -> [(String, JSONValue)] {
    facts.compactMap { fact in
      let value: JSONValue
      switch fact {
      case .virtualAddressBits: value = .integer(virtualAddressBits)
      case .pageSize: value = .integer(UInt128(1) << offsetBits)
      case .entrySize: value = .integer(entrySize)
      case .offsetBits: value = .integer(offsetBits)
      case .levelCount: value = .integer(levelCount)
      case .indexBits: value = .array(indexBits.map { .integer($0) })
      default: return nil
      }
      return (fact.rawValue, value)
    }
  }

  /// The plan as `paging levels --format json` prints it: the inputs, the offset and per-level bits, the level
  /// count and each level's index bits, root first.
  public var json: JSONValue {
    .object(
      members(.virtualAddressBits, .pageSize, .entrySize, .offsetBits) + [
        ("bits_per_level", .integer(bitsPerFullLevel))
      ] + members(.levelCount, .indexBits))
  }
}

extension Translation {
  /// The split as `paging translate --format json` prints it: the pointer in hexadecimal, whether it is canonical, the
  /// root it selects where the upper bits choose one, and each level's name and index, root first, then the offset.
  ///
  /// - Parameter architecture: The architecture the translation was made on, for its name, level names and roots.
  public func json(architecture: Architecture) -> JSONValue {
    .object(
      [
        ("architecture", .string(architecture.name)),
        ("virtual_address", .string(formatHex(pointer))),
        ("canonical", .bool(canonical)),
      ]
        + (architecture.rootSelection == nil
          ? []
          : [
            ("root", architecture.selectedRoot(of: pointer).map { .string($0.name) } ?? .null)
          ]) + [
          ("level_names", .array(architecture.levels.map { .string($0.name) })),
          ("indexes", .array(indexes.map { .integer($0) })),
          ("offset", .integer(offset)),
        ])
  }
}
