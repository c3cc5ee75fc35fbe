using System.Buffers.Binary;
using Sharpdig.Events;

namespace Sharpdig.Capture.Scap;

/// <summary>
/// Turns a v1 event record (22-byte header, no nparams) into the v2 layout in place, exactly as
/// libscap does (scap-format.md §13.4): insert nparams after the type, add 4 to len (minus 3 for
/// the two event types old producers mis-sized), then derive nparams from the u16 lengths.
/// </summary>
internal static class V1RecordNormalizer
{
    public const int V1HeaderSize = 22;
    private const int NotificationE = 280, InfrastructureEventE = 286;

    /// <summary>
    /// The v1 record is at <paramref name="start"/> with <paramref name="v1Length"/> bytes; the 4 bytes
    /// before it are free (already consumed block framing). On success the v2 record starts at
    /// <paramref name="start"/> - 4 and <paramref name="v2Length"/> is its length. Returns an error
    /// text when no parameter count fits the lengths.
    /// </summary>
    public static string? Normalize(byte[] buffer, int start, int v1Length, ushort type, out int v2Length)
    {
        int newStart = start - 4;
        // Move ts, tid, len, type 4 bytes to the left, leaving a hole for nparams.
        System.Buffer.BlockCopy(buffer, start, buffer, newStart, V1HeaderSize);
        int len = v1Length + 4;
        if (type is NotificationE or InfrastructureEventE) len -= 3;
        v2Length = len;
        var rec = buffer.AsSpan(newStart);
        BinaryPrimitives.WriteUInt32LittleEndian(rec[16..], (uint)len);

        int tableCount = EventTable.Get(type).Parameters.Length;
        for (int n = tableCount; n >= 0; n--)
        {
            int lengthsEnd = EventRecord.HeaderSize + 2 * n;
            if (lengthsEnd > len) continue;
            long total = lengthsEnd;
            for (int i = 0; i < n; i++)
                total += BinaryPrimitives.ReadUInt16LittleEndian(rec[(EventRecord.HeaderSize + 2 * i)..]);
            if (total == len)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(rec[22..], (uint)n);
                return null;
            }
            if (total < len) return $"can't calculate the parameter count of a v1 '{EventTable.Get(type).Name}' event";
        }
        return $"can't calculate the parameter count of a v1 '{EventTable.Get(type).Name}' event";
    }
}
