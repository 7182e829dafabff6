import PagingCore
import PagingJSON

// JSON renderings of the engine's answers. Key names here are a contract
// that scripts rely on (see README): add keys, never rename them.

private typealias Key = DescriptorKey

/// The facts about an architecture that more than one rendering carries
/// (`list`, `sizes`, `show`, `levels`), each key spelled once: the
/// descriptor's own in ``DescriptorKey``, the derived ones here.
enum ArchitectureFact {
  case name
  case title
  case virtualAddressBits
  case pointerBits
  case physicalAddressBits
  case pageSize
  case entrySize
  case offsetBits
  case levelCount
  case levelsDerived
  case largePageSizes
  case indexBits
  case lowBit

  /// The fact's key.
  var key: String {
    switch self {
    case .name: return Key.name.rawValue
    case .title: return Key.title.rawValue
    case .virtualAddressBits: return Key.virtualAddressBits.rawValue
    case .pointerBits: return Key.pointerBits.rawValue
    case .physicalAddressBits: return Key.physicalAddressBits.rawValue
    case .pageSize: return Key.pageSize.rawValue
    case .entrySize: return Key.entrySize.rawValue
    case .offsetBits: return "offset_bits"
    case .levelCount: return "level_count"
    case .levelsDerived: return "levels_derived"
    case .largePageSizes: return "large_page_sizes"
    case .indexBits: return Key.indexBits.rawValue
    case .lowBit: return Key.lowBit.rawValue
    }
  }
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
      return (fact.key, value)
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
        (Key.name.rawValue, .string(levels[level].name)),
        (Key.indexBits.rawValue, .integer(levels[level].indexBits)),
        (Key.lowBit.rawValue, .integer(entrySpanBits(atLevel: level))),
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
          (Key.levels.rawValue, .array(levelsJSON)),
        ])
  }

  /// `paging show`: the descriptor's facts, with derived levels filled in.
  public var descriptionJSON: JSONValue {
    let format = entryFormat
    var formatMembers: [(String, JSONValue)] = [
      (Key.leafEncoding.rawValue, .string(format.leafEncodingName)),
      (Key.pointerPermissions.rawValue, .bool(format.pointerPermissions)),
    ]
    formatMembers += format.namedBits.map { ($0.name, .integer($0.bit)) }
    formatMembers.append(
      (
        Key.frame.rawValue,
        .object([
          (Key.lowBit.rawValue, .integer(format.frameLowBit)),
          (Key.bits.rawValue, .integer(format.frameBits)),
        ])
      ))
    return .object(
      members(.name, .title) + [(Key.summary.rawValue, .string(summary))] + members(.virtualAddressBits, .pointerBits)
        + [(Key.upperBits.rawValue, .string(upperBits.rawValue))]
        + (rootSelection.map { [(Key.rootSelect.rawValue, $0.json)] } ?? [])
        + members(.physicalAddressBits, .pageSize, .entrySize, .levelsDerived) + [
          (
            Key.levels.rawValue,
            .array(
              levels.indices.map { level in
                var members: [(String, JSONValue)] = [
                  (Key.name.rawValue, .string(levels[level].name)),
                  (Key.indexBits.rawValue, .integer(levels[level].indexBits)),
                  ("high_bit", .integer(entrySpanBits(atLevel: level) + levels[level].indexBits - 1)),
                  (Key.lowBit.rawValue, .integer(entrySpanBits(atLevel: level))),
                ]
                if levels[level].mapsLeaves && level != bottomLevel {
                  members.append((Key.largePage.rawValue, .integer(entrySpan(atLevel: level))))
                }
                if levels[level].pages > 1 {
                  members.append((Key.pages.rawValue, .integer(levels[level].pages)))
                }
                let ownFormat =
                  levels[level].pointersCarryPermissions != format.pointerPermissions && level != bottomLevel
                if ownFormat || levels[level].reservedMask != 0 || levels[level].largePageFrame != nil {
                  var formatMembers: [(String, JSONValue)] = []
                  if ownFormat {
                    formatMembers.append(
                      (Key.pointerPermissions.rawValue, .bool(levels[level].pointersCarryPermissions)))
                  }
                  if levels[level].reservedMask != 0 {
                    formatMembers.append(
                      (
                        Key.reserved.rawValue,
                        .array(
                          bitRuns(levels[level].reservedMask).map { run in
                            .object([
                              (Key.high.rawValue, .integer(run.upperBound)),
                              (Key.low.rawValue, .integer(run.lowerBound)),
                            ])
                          })
                      ))
                  }
                  if let pieces = levels[level].largePageFrame {
                    formatMembers.append(
                      (
                        Key.largePageFrame.rawValue,
                        .array(
                          pieces.map { piece in
                            .object([
                              (Key.lowBit.rawValue, .integer(piece.lowBit)), (Key.bits.rawValue, .integer(piece.width)),
                            ])
                          })
                      ))
                  }
                  members.append((Key.entryFormat.rawValue, .object(formatMembers)))
                }
                return .object(members)
              })
          ),
          (Key.entryFormat.rawValue, .object(formatMembers)),
          (Key.sources.rawValue, .array(sources.map { .string($0) })),
          (Key.notes.rawValue, .array(notes.map { .string($0) })),
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
      (Key.bits.rawValue, .object([(Key.high.rawValue, .integer(highBit)), (Key.low.rawValue, .integer(lowBit))])),
      (Key.otherBits.rawValue, .string(otherBits.rawValue)),
      (Key.topByteIgnore.rawValue, .bool(topByteIgnored)),
      (
        Key.roots.rawValue,
        .array(
          roots.map { .object([(Key.value.rawValue, .integer(Int($0.value))), (Key.name.rawValue, .string($0.name))]) })
      ),
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
      return (fact.key, value)
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
