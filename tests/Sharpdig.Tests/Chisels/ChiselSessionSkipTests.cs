using System.Buffers.Binary;
using System.Text;
using Sharpdig.Chisels;
using Sharpdig.Events;
using Xunit;

namespace Sharpdig.Tests.Chisels;

/// <summary>
/// The session skips events of types that no chisel's filter can pass (when no timer needs their
/// time): what the chisels see and print must not change, whatever the mix of chisels.
/// </summary>
public sealed class ChiselSessionSkipTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sharpdig-skip-").FullName;
    private readonly MemoryStream _stdout = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Header = "description = 'd'; short_description = 's'; category = 'c'; args = {}\n";

    private void Write(string name, string lua) => File.WriteAllText(Path.Combine(_dir, name + ".lua"), Header + lua);

    /// <summary>Feeds one reused record, as the sources do: open/close/read events, 0.25 s apart.</summary>
    private string Run(params string[] chisels)
    {
        using var session = new ChiselSession(new ChiselDirectories([_dir]), new ChiselOutput(_stdout));
        foreach (var c in chisels) session.Add(c, null);
        session.Start(new FakeChiselEngine());
        session.CaptureStart();
        var buffer = new byte[EventRecord.HeaderSize];
        var record = new EventRecord();
        int[] types = [EventTable.Codes.OpenE, EventTable.Codes.OpenX, EventTable.Codes.CloseE, EventTable.Codes.CloseX, 6, 7];
        for (int i = 0; i < 40; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, 1_000_000_000UL + (ulong)i * 250_000_000);
            BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(8), 100 + i % 3);
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(16), (uint)buffer.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(20), (ushort)types[i % types.Length]);
            record.Load(buffer, 0, buffer.Length, 0, 0);
            record.Number = i + 1;
            session.OnEvent(record);
        }
        session.CaptureEnd();
        session.Output.Flush();
        return Encoding.UTF8.GetString(_stdout.ToArray());
    }

    [Fact]
    public void AFilteredChiselSeesExactlyTheEventsItsFilterPasses()
    {
        Write("opens", """
            function on_init() chisel.set_filter("evt.type=open (typed)"); return true end
            function on_event() io.write(evt.get_num(), " ") return true end
            function on_capture_end() print("| last " .. evt.get_num()) end
            """);
        Assert.Equal("1 2 7 8 13 14 19 20 25 26 31 32 37 38 | last 40\n", Run("opens"));
    }

    [Fact]
    public void TimersStillTickOnEventsTheFilterRejects()
    {
        Write("ticks", """
            function on_init() chisel.set_filter("evt.type=open (typed)"); chisel.set_interval_s(2); return true end
            function on_event() return true end
            function on_interval() io.write("tick@", evt.get_num(), " ") return true end
            """);
        Assert.Equal("tick@5 tick@13 tick@21 tick@29 tick@37 ", Run("ticks"));   // crossing 2 s, 4 s ... (events of type 6 and 7)
    }

    [Fact]
    public void AnUnfilteredChiselKeepsEveryEventComing()
    {
        Write("opens", """
            function on_init() chisel.set_filter("evt.type=open (typed)"); return true end
            function on_event() io.write("o", evt.get_num(), " ") return true end
            """);
        Write("all", """
            function on_event() if evt.get_num() % 10 == 0 then io.write("a", evt.get_num(), " ") end return true end
            """);
        Assert.Equal("o1 o2 o7 o8 a10 o13 o14 o19 o20 a20 o25 o26 a30 o31 o32 o37 o38 a40 ", Run("opens", "all"));
    }

    [Fact]
    public void AFilterSetLaterIsHonoured()
    {
        // The filter arrives with the first event: until then every event is the chisel's.
        Write("late", """
            local set = false
            function on_event()
              io.write(evt.get_num(), " ")
              if not set then chisel.set_filter("evt.type=open (typed)"); set = true end
              return true
            end
            """);
        Assert.Equal("1 2 7 8 13 14 19 20 25 26 31 32 37 38 ", Run("late"));
    }
}
