#if PAGING_INTERNAL_CHECKS
  import PagingCore

  // Checks compiled into debug builds only (the package defines
  // PAGING_INTERNAL_CHECKS for them), in the manner of swift-collections'
  // `_checkInvariants()`: slow, exhaustive, and independent of the fast paths
  // they check, so randomized tests can run them after every step.

  extension Machine {
    /// Stops at the first problem ``_invariantViolations()`` finds, as
    /// swift-collections' `_checkInvariants()` does: for a debugger, or a
    /// check after a step that should stop where the state first goes wrong.
    ///
    /// - Complexity: as ``_invariantViolations()``.
    public func _checkInvariants() {
      let problems = _invariantViolations()
      precondition(problems.isEmpty, "the simulator's invariants do not hold: \(problems.first ?? "")")
    }

    /// Every way the machine's bookkeeping disagrees with its page tables,
    /// in words; empty when consistent. Rebuilds each frame's owner from the
    /// live trees alone (tables by the process and level that reach them,
    /// user pages by how many leaves map them, kernel pages by the kernel
    /// leaves) and compares it with what memory records; then checks the
    /// free lists, the allocated count, the owner bytes against their
    /// blocks, and that table pages hold nothing outside their written
    /// stretches.
    ///
    /// - Complexity: O(frames + entries of every page of the table zone,
    ///   live or free, and of every live stray table and wide root).
    public func _invariantViolations() -> [String] {
      var problems: [String] = []
      let frames = memory.frameCount
      var tableOwner = [FrameOwner?](repeating: nil, count: frames)
      var userLeaves = [Int](repeating: 0, count: frames)
      var userProcess = [Int](repeating: -1, count: frames)
      var kernelLeaf = [Bool](repeating: false, count: frames)
      let codec = memory.codec

      func visit(table: Int, level: Int, process: Int) {
        let pages = level == 0 ? Int(architecture.rootPages) : 1
        for page in table..<(table + pages) {
          guard page < frames else {
            problems.append("a level-\(level) table at frame \(page) is outside memory")
            return
          }
          if let earlier = tableOwner[page] {
            problems.append(
              "frame \(page) is reached as a table twice (\(earlier), then process \(process) level \(level))")
            return
          }
          tableOwner[page] = .pageTable(process: process, level: level)
        }
        for index in 0..<Int(architecture.entries(atLevel: level)) {
          switch codec.decode(memory.entry(inTable: FrameNumber(index: table), at: index), level: level) {
          case .notPresent:
            continue
          case .table(let child, _):
            visit(table: child.index, level: level + 1, process: process)
          case .leaf(let frame, let permissions):
            let count = memory.geometry.framesPerEntry(level: level)
            guard frame.index + count <= frames else {
              problems.append("process \(process) maps frames \(frame)... outside memory")
              continue
            }
            for mapped in frame.index..<(frame.index + count) {
              if permissions.contains(.user) {
                userLeaves[mapped] += 1
                userProcess[mapped] = process
              } else {
                kernelLeaf[mapped] = true
              }
            }
          }
        }
      }
      if let kernelRoot { visit(table: kernelRoot.index, level: 0, process: 0) }
      for process in processes { visit(table: process.root.index, level: 0, process: process.id) }

      var inUse = 0
      for frame in 0..<frames {
        let recorded = memory.owner(of: FrameNumber(index: frame))
        if recorded != .free { inUse += 1 }
        let expected: [FrameOwner]
        if let table = tableOwner[frame] {
          expected = [table]
        } else if userLeaves[frame] > 0 {
          if kernelLeaf[frame] { problems.append("frame \(frame) is mapped both as a user page and as a kernel page") }
          expected =
            userLeaves[frame] == 1
            ? [.data(process: userProcess[frame]), .shared(mappings: 1)]
            : [.shared(mappings: userLeaves[frame])]
        } else if kernelLeaf[frame] {
          expected = [.kernel]
        } else {
          expected = [.free]
        }
        if !expected.contains(recorded) {
          problems.append(
            "frame \(frame) is recorded as \(recorded), but the page tables make it \(expected.map(\.description).joined(separator: " or "))"
          )
        }
      }
      if inUse != memory.allocatedFrames {
        problems.append("\(inUse) frames have owners, but memory counts \(memory.allocatedFrames) allocated")
      }
      problems += memory._freeListViolations()
      problems += memory._ownerStoreViolations()
      problems += memory._writtenStretchViolations()
      return problems
    }
  }

#endif
