using Sharpdig.Capture;
using Sharpdig.State;

namespace Sharpdig.Dump;

/// <summary>
/// Where the main loop sends events to be saved (-w). It sees every event after the engine applied
/// it, passed or filtered out, and decides what goes into the file.
/// </summary>
public interface IEventDumper
{
    /// <summary>Called once the initial state is imported: opens the first file.</summary>
    void Start(StateEngine engine, CaptureMetadata sourceMetadata);

    /// <summary>Every event, including those read before <see cref="Start"/> (they are only remembered).</summary>
    void Dump(EventContext ctx);

    /// <summary>Flushes and closes the file being written.</summary>
    void Finish();
}
