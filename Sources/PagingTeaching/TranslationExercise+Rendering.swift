import PagingCore
import PagingJSON
import PagingSimulator

extension TranslationExercise {
  /// The exercise as a student reads it, with the worked answers when
  /// `answers` is true. Pages of up to 64 bytes print whole, as OSTEP's
  /// dumps do (`page N: bytes`, which `paging translate --memory` reads);
  /// larger page-table pages print only their non-zero entries.
  public func text(answers: Bool) -> String {
    let arch = architecture
    var lines = [
      "\(arch.name) translation exercise, seed \(seed): \(counted(questions.count, "address", "addresses")) to translate"
    ]
    let rootPage = arch.frame(containing: rootAddress).rawValue
    let small = Int(arch.pageSize) <= Self.printedDataPageLimit
    lines.append(
      "Root table at physical address \(formatHex(rootAddress)) (page \(small ? "\(rootPage)" : formatHex(rootPage)))")
    lines.append("")
    if Int(arch.pageSize) <= Self.printedDataPageLimit {
      lines.append("Physical memory (pages not shown hold nothing of interest):")
      for page in pages {
        lines.append("page \(page.frame):" + page.bytes.map(Self.hexByte).joined())
      }
    } else {
      lines.append("Page-table pages (\(arch.entrySize)-byte entries, non-zero ones only, as index: entry):")
      for page in pages {
        let entries = stride(from: 0, to: page.bytes.count, by: arch.entrySize).compactMap { offset -> String? in
          var value: UInt64 = 0
          for byte in 0..<arch.entrySize { value |= UInt64(page.bytes[offset + byte]) << (8 * UInt64(byte)) }
          return value == 0 ? nil : "\(offset / arch.entrySize): \(formatHex(value))"
        }
        lines.append(
          "page \(formatHex(page.frame.rawValue)) (pa \(formatHex(arch.address(of: page.frame)))): "
            + entries.joined(separator: ", "))
      }
    }
    lines.append("")
    let ask = hasDataBytes ? "the physical address and the byte there" : "the physical address"
    lines.append("For each virtual address, give \(ask), or the level whose entry faults:")
    for (number, question) in questions.enumerated() {
      lines.append("  \(number + 1). \(formatHex(question.virtualAddress))")
      if answers { lines += workedAnswer(question).map { "       " + $0 } }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Each step of the walk decoded, then the result.
  func workedAnswer(_ question: Question) -> [String] {
    let arch = architecture
    let translation = arch.translation(of: question.virtualAddress)
    var lines = [
      "indexes " + zip(arch.levels, translation.indexes).map { "\($0.name) \($1)" }.joined(separator: ", ")
        + ", offset \(formatHex(translation.offset))"
    ]
    let codec = try? EntryCodec(arch)
    for step in question.answer.steps {
      var meaning = ""
      if let codec {
        switch codec.decode(PageTableEntry(rawValue: step.entry), level: step.level) {
        case .notPresent: meaning = "not present"
        case .table(let frame, _): meaning = "table at pa \(formatHex(arch.address(of: frame)))"
        case .leaf(let frame, let permissions):
          let size = pageSizeAdjective(arch.entrySpan(atLevel: step.level))
          meaning = "leaf: \(size) page at pa \(formatHex(arch.address(of: frame))), \(permissions)"
        }
      }
      lines.append(
        "\(step.levelName)[\(step.index)] at pa \(formatHex(step.entryAddress)) = \(formatHex(step.entry)): \(meaning)")
    }
    if let physical = question.answer.physicalAddress {
      let value = hasDataBytes ? question.answer.value.map { ", byte there 0x" + Self.hexByte($0) } ?? "" : ""
      lines.append("-> physical address \(formatHex(physical))\(value)")
    } else {
      lines.append("-> fault at \(question.answer.faultLevel ?? "?"): \(question.answer.faultReason ?? "")")
    }
    return lines
  }

  static func hexByte(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16)
    return digits.count == 1 ? "0" + digits : digits
  }

  /// The exercise as data for autograders. Contract keys: `architecture`,
  /// `seed`, `root` (byte address of the root table), `pages` (each with
  /// `frame` and `hex`), and `questions`, each with `prompt`,
  /// `virtual_address` and `answer`: `physical_address` (and `value` where
  /// the exercise prints data bytes) or `fault_level`, plus the walk's
  /// `steps` (`level`, `index`, `entry_address`, `entry`).
  public var json: JSONValue {
    .object([
      ("kind", .string("translate")),
      ("architecture", .string(architecture.name)),
      ("seed", .integer(seed)),
      ("root", .integer(rootAddress)),
      (
        "pages",
        .array(
          pages.map { page in
            .object([
              ("frame", .integer(page.frame)), ("page_table", .bool(page.isPageTable)),
              ("hex", .string(page.bytes.map(Self.hexByte).joined())),
            ])
          })
      ),
      (
        "questions",
        .array(
          questions.map { question in
            var answer: [(String, JSONValue)] = []
            if let physical = question.answer.physicalAddress {
              answer.append(("physical_address", .integer(physical)))
              if hasDataBytes { answer.append(("value", question.answer.value.map { .integer($0) } ?? .null)) }
            } else {
              answer.append(("fault_level", .string(question.answer.faultLevel ?? "")))
              answer.append(("fault_reason", .string(question.answer.faultReason ?? "")))
            }
            answer.append(
              (
                "steps",
                .array(
                  question.answer.steps.map { step in
                    .object([
                      ("level", .string(step.levelName)), ("index", .integer(step.index)),
                      ("entry_address", .integer(step.entryAddress)), ("entry", .integer(step.entry)),
                    ])
                  })
              ))
            return .object([
              ("prompt", .string("Translate virtual address \(formatHex(question.virtualAddress))")),
              ("virtual_address", .integer(question.virtualAddress)),
              ("answer", .object(answer)),
            ])
          })
      ),
    ])
  }
}
