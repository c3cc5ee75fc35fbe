using Sharpdig.Events;

namespace Sharpdig.State;

/// <summary>
/// A private copy of one event record that survives the source's buffer reuse. The engine keeps
/// one per thread for the last enter event (exit parsing and latency need it). The buffer grows
/// to the largest event seen and is then reused, so steady state does not allocate.
/// </summary>
public sealed class SavedEvent
{
    private byte[] _buffer = new byte[64];
    public EventRecord Record { get; } = new();
    public bool IsValid { get; private set; }

    internal void Save(EventRecord source)
    {
        var raw = source.RawRecord;
        if (_buffer.Length < raw.Length) _buffer = new byte[Math.Max(raw.Length, _buffer.Length * 2)];
        raw.CopyTo(_buffer);
        Record.Load(_buffer, 0, raw.Length, source.Cpu, source.DumpFlags);
        Record.Number = source.Number;
        IsValid = true;
    }

    internal void Invalidate() => IsValid = false;
}
