using Sharpdig.Capture.Scap;
using Sharpdig.Events;
using Sharpdig.Formatting;
using Sharpdig.State;
using Xunit;

namespace Sharpdig.Tests.State;

/// <summary>
/// Events whose parameter bytes are garbage (short, long, random) must never make the engine or
/// the renderer throw: the corpus events are replayed with their payloads scrambled.
/// </summary>
public class CorruptParameterTests
{
    [SkippableFact]
    public void ScrambledParametersNeverThrow()
    {
        string corpus = TestPaths.RequireShared("corpus");
        var raws = new List<byte[]>();
        foreach (var file in new[] { "curl_google.scap", "single_ipv6_conn.scap", "falco_cat_write.scap" })
        {
            using var reader = new ScapFileReader(Path.Combine(corpus, file));
            var r = new EventRecord();
            while (reader.TryReadNext(r)) raws.Add(r.RawRecord.ToArray());
        }
        var rng = new Random(12345);
        var styles = Enum.GetValues<BufferStyle>();
        for (int round = 0; round < 8; round++)
        {
            var engine = new StateEngine();
            using (var reader = new ScapFileReader(Path.Combine(corpus, "curl_google.scap"))) engine.Import(reader.Metadata);
            var renderer = new ParamRenderer(new RenderOptions { BufferStyle = styles[round % styles.Length] });
            var w = new ByteWriter();
            var rec = new EventRecord();
            foreach (var original in raws)
            {
                var raw = (byte[])original.Clone();
                int start = EventRecord.HeaderSize;
                int mode = rng.Next(4);
                if (mode == 0) for (int i = start; i < raw.Length; i++) raw[i] = (byte)rng.Next(256);            // everything
                else if (mode == 1 && raw.Length > start) raw[rng.Next(start, raw.Length)] ^= (byte)rng.Next(1, 256); // one byte
                else if (mode == 2) BitConverter.TryWriteBytes(raw.AsSpan(22), (uint)rng.Next(0, 40));            // param count
                // mode 3: untouched, keeps the state realistic
                rec.Load(raw, 0, raw.Length, 0, 0);
                var ctx = engine.Apply(rec);
                w.Clear();
                renderer.RenderInfo(ctx, w);
                for (int i = 0; i < rec.ParamCount; i++)
                    foreach (var which in Enum.GetValues<ParamText>()) renderer.RenderParam(ctx, i, which, w);
            }
        }
    }
}
