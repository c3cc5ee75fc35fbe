using Sharpdig.Capture;
using Sharpdig.Events;

namespace Sharpdig.Tests.Support;

/// <summary>An in-memory capture source over prepared records (repeated <see cref="Repeat"/> times).</summary>
public sealed class ListCaptureSource(CaptureMetadata metadata, IReadOnlyList<byte[]> records, int repeat = 1) : ICaptureSource
{
    private int _index, _round;
    public int Repeat => repeat;
    public CaptureMetadata Metadata => metadata;
    public int Section => 1;
    public bool IsLive => false;

    public bool TryReadNext(EventRecord record)
    {
        if (_index >= records.Count) { _index = 0; _round++; }
        if (_round >= repeat || records.Count == 0) return false;
        var raw = records[_index++];
        record.Load(raw, 0, raw.Length, 0, 0);
        return true;
    }

    public void Dispose() { }
}
