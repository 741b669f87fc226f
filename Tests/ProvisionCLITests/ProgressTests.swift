import Foundation
import Testing
@testable import ProvisionCLI

/// The progress line on standard error, driven by a test clock.
@Suite struct ProgressTests {
    /// A clock the test moves by hand.
    final class TestClock: @unchecked Sendable {
        private let lock = NSLock()
        private var now = Date(timeIntervalSince1970: 1_795_251_600)
        func read() -> Date { lock.withLock { now } }
        func advance(_ seconds: TimeInterval) { lock.withLock { now += seconds } }
    }

    private func make(terminal: Bool, enabled: Bool = true, total: Int? = nil)
        -> (ProvisionCLI.Progress, OutputSink, TestClock) {
        let clock = TestClock()
        let sink = OutputSink()
        let progress = ProvisionCLI.Progress(output: sink, enabled: enabled, isTerminal: terminal,
                                             clock: { clock.read() }, noun: "users applied", total: total)
        return (progress, sink, clock)
    }

    @Test func shortRunPrintsNothing() {
        let (progress, sink, clock) = make(terminal: false)
        for count in 1...100 {
            clock.advance(0.01)
            progress.update(count)
        }
        progress.finish()
        #expect(sink.text.isEmpty)
    }

    @Test func quietPrintsNothingEvenForLongRuns() {
        let (progress, sink, clock) = make(terminal: true, enabled: false, total: 10)
        clock.advance(60)
        progress.update(5)
        progress.finish()
        #expect(sink.text.isEmpty)
    }

    @Test func logGetsALineEveryFewSecondsWithRateAndETA() {
        let (progress, sink, clock) = make(terminal: false, total: 1_000)
        clock.advance(4)
        progress.update(40)
        #expect(sink.text.isEmpty)
        clock.advance(1)
        progress.update(50)
        #expect(sink.text == "provision: 50 users applied (of 1,000, 5%) · 10/s · ETA 1:35\n")
        clock.advance(2)
        progress.update(70)
        #expect(sink.text.components(separatedBy: "\n").count == 2, "no second line before the interval")
        clock.advance(3)
        progress.update(100)
        #expect(sink.text.hasSuffix("provision: 100 users applied (of 1,000, 10%) · 10/s · ETA 1:30\n"))
        clock.advance(90)
        progress.finish()
        #expect(sink.text.hasSuffix("provision: 100 users applied in 1m 40s (1/s)\n"))
        #expect(!sink.text.contains("\r"))
    }

    @Test func terminalRedrawsOneLineInPlace() {
        let (progress, sink, clock) = make(terminal: true, total: 200)
        progress.update(rowsRead: 120)   // at once: too soon to draw
        #expect(sink.text.isEmpty)
        clock.advance(1)
        progress.update(100)
        clock.advance(0.05)
        progress.update(110)   // too soon to redraw
        #expect(sink.text == "\rprovision: 120 rows read · 100 users applied (of 200, 50%) · 100/s · ETA 0:01\u{1B}[K")
        clock.advance(0.06)
        progress.update(200)
        #expect(sink.text.hasSuffix("\rprovision: 120 rows read · 200 users applied (of 200, 100%) · 180/s\u{1B}[K"))
        #expect(!sink.text.contains("\n"))
        progress.finish()
        #expect(sink.text.hasSuffix("\rprovision: 120 rows read · 200 users applied in 1s (180/s)\u{1B}[K\n"))
        progress.finish()
        #expect(sink.text.components(separatedBy: "\n").count == 2, "finish is idempotent")
    }

    @Test func unknownTotalShowsNoETA() {
        let (progress, sink, clock) = make(terminal: false)
        clock.advance(10)
        progress.update(rowsRead: 25_000)
        #expect(sink.text == "provision: 25,000 rows read · 2,500/s\n")
        clock.advance(10)
        progress.update(1_234_567)
        #expect(sink.text.hasSuffix("provision: 25,000 rows read · 1,234,567 users applied · 61,728/s\n"))
    }

    @Test func clearErasesTheTerminalLine() {
        let (progress, sink, clock) = make(terminal: true)
        clock.advance(1)
        progress.update(3)
        progress.clear()
        #expect(sink.text.hasSuffix("\u{1B}[K\r\u{1B}[K"))
    }

    @Test(arguments: [(0.2, "0:01"), (59, "0:59"), (61, "1:01"), (3_725, "1:02:05")])
    func clockTimeFormat(seconds: Double, text: String) {
        #expect(ProvisionCLI.Progress.clockTime(seconds) == text)
    }
}
