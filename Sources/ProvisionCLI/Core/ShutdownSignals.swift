import Dispatch
import Foundation

/// SIGTERM and SIGINT turned into a call, for a command that runs until it is told to stop
/// (`serve`): the signals' default action (dying at once) is replaced while it lives, and
/// restored by ``cancel()``.
final class ShutdownSignals {
    private let sources: [any DispatchSourceSignal]

    /// Calls `stop` (on a Dispatch queue) at each SIGTERM or SIGINT.
    init(_ stop: @escaping @Sendable () -> Void) {
        sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: stop)
            source.resume()
            return source
        }
    }

    /// Stops listening and gives the signals back their default action.
    func cancel() {
        for source in sources {
            source.cancel()
            signal(Int32(source.handle), SIG_DFL)
        }
    }
}
