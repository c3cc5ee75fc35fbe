using Sharpdig.Chisels;
using Xunit;
using Sharpdig.Tests.Support;

namespace Sharpdig.Tests.Chisels;

/// <summary>The chisel host's per-event path (timer, filter, on_event, evt.field) allocates no managed memory once warm.</summary>
public sealed class ChiselAllocationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sharpdig-alloc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void OnEventPathDoesNotAllocate()
    {
        File.WriteAllText(Path.Combine(_dir, "busy.lua"), """
            description = "d"; short_description = "s"; category = "c"; args = {}
            local sums = {}
            function on_init()
              tid = chisel.request_field("thread.tid")
              num = chisel.request_field("evt.num")
              chisel.set_filter("thread.tid=1")
              chisel.set_interval_s(1)
              return true
            end
            function on_event()
              local t = evt.field(tid)
              sums[t] = (sums[t] or 0) + evt.field(num) + evt.get_cpuid()
              return true
            end
            function on_interval() return true end
            """);
        var engine = new FakeChiselEngine();
        using var session = new ChiselSession(new ChiselDirectories([_dir]), new ChiselOutput(Stream.Null));
        session.Add("busy", null);
        session.Start(engine);
        var events = Enumerable.Range(0, 64).Select(i => FakeChiselEngine.Event(3, 0, 1 + i % 2, i)).ToArray();
        ulong ts = 1_000_000_000;
        long Run(int n)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < n; i++)
            {
                var e = events[i % events.Length];
                Retime(e, ts += 1_000_000);
                session.OnEvent(e);
            }
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Run(20_000);                    // warm up the Lua side too
        long extra = AllocationProbe.ExtraBytes(Run, 10_000, 110_000);   // 100,000 more events, ~100 interval ticks
        Assert.True(extra < 4_096, $"chisel path allocated {extra} bytes over 100k events");
    }

    /// <summary>Rewrites the timestamp of a test record in place.</summary>
    private static void Retime(Sharpdig.Events.EventRecord e, ulong ts)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(e.Buffer.AsSpan(e.RecordOffset), ts);
        e.Load(e.Buffer, e.RecordOffset, e.RecordLength, e.Cpu, e.DumpFlags);
    }
}
