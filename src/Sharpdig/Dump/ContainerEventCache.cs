using System.Buffers.Binary;
using System.Text.Json;
using Sharpdig.Events;
using Sharpdig.State;

namespace Sharpdig.Dump;

/// <summary>
/// The container descriptions seen so far (container events), latest per container id. sysdig
/// writes every known container at the start of each capture file, so a file read on its own
/// still knows them; these are the raw events to repeat there, restamped with the current time.
/// </summary>
public sealed class ContainerEventCache
{
    private readonly List<(string Id, byte[] Raw, ushort Cpu)> _events = [];

    public int Count => _events.Count;

    public static bool IsContainerEvent(ushort type) =>
        type is Ppme.ContainerE or Ppme.ContainerJsonE or Ppme.ContainerJsonV2E;

    public void Remember(EventRecord rec)
    {
        if (!IsContainerEvent(rec.Type) || rec.ParamCount == 0) return;
        string id = IdOf(rec);
        byte[] raw = rec.RawRecord.ToArray();
        int at = _events.FindIndex(e => e.Id == id);
        if (at >= 0) _events[at] = (id, raw, rec.Cpu);
        else _events.Add((id, raw, rec.Cpu));
    }

    /// <summary>The remembered events as records stamped <paramref name="timestampNs"/> (fresh objects each call).</summary>
    public IEnumerable<EventRecord> Restamped(ulong timestampNs)
    {
        foreach (var (_, raw, cpu) in _events)
        {
            var copy = (byte[])raw.Clone();
            BinaryPrimitives.WriteUInt64LittleEndian(copy, timestampNs);
            var rec = new EventRecord();
            rec.Load(copy, 0, copy.Length, cpu, 0);
            yield return rec;
        }
    }

    // The container id: the first parameter of the old event, "container.id" inside the JSON ones.
    private static string IdOf(EventRecord rec)
    {
        var p = rec.GetParam(0);
        int nul = p.IndexOf((byte)0);
        if (nul >= 0) p = p[..nul];
        if (rec.Type == Ppme.ContainerE) return System.Text.Encoding.UTF8.GetString(p);
        try
        {
            var reader = new Utf8JsonReader(p);
            int depth = 0;
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject) depth++;
                else if (reader.TokenType is JsonTokenType.EndObject) depth--;
                else if (depth == 2 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() ?? "" : "";
                }
            }
        }
        catch (JsonException) { }
        return System.Text.Encoding.UTF8.GetString(p);   // unparsable: keep it under its own text
    }
}
