using System.Runtime.InteropServices;
using Sharpdig.Chisels.Lua;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels.Api;

/// <summary>
/// print, io.write and os.exit for chisels. Output goes through the shared buffered writer rather
/// than C's stdout, so chisel text and formatter lines stay in order and are flushed on exit.
/// </summary>
internal static unsafe class OutputFunctions
{
    /// <summary>Raw helpers the prelude builds print/io.write/os.exit on.</summary>
    public static void Register(LuaState lua)
    {
        lua.SetFunction("print\0"u8, &Print);
        lua.SetFunction("write\0"u8, &Write);
        lua.SetFunction("exit\0"u8, &Exit);
    }

    /// <summary>
    /// Writes its arguments separated by tabs and a newline, and returns true, when all are
    /// strings or numbers (converted the way Lua's tostring does); otherwise writes nothing and
    /// returns false, so the prelude converts them with tostring first.
    /// </summary>
    [UnmanagedCallersOnly]
    private static int Print(nint L)
    {
        var output = Chisel.Current?.Output;
        int n = lua_gettop(L);
        for (int i = 1; i <= n; i++)
        {
            int t = lua_type(L, i);
            if (t != TypeString && t != TypeNumber) { lua_pushboolean(L, 0); return 1; }
        }
        if (output is not null)
        {
            for (int i = 1; i <= n; i++)
            {
                if (i > 1) output.WriteByte((byte)'\t');
                output.Write(LuaState.ToBytes(L, i));
            }
            output.EndLine();
        }
        lua_pushboolean(L, 1);
        return 1;
    }

    /// <summary>Like print but without separators or newline; false when an argument is not a string or number.</summary>
    [UnmanagedCallersOnly]
    private static int Write(nint L)
    {
        var output = Chisel.Current?.Output;
        int n = lua_gettop(L);
        for (int i = 1; i <= n; i++)
        {
            int t = lua_type(L, i);
            if (t != TypeString && t != TypeNumber) { lua_pushboolean(L, 0); return 1; }
        }
        if (output is not null)
        {
            for (int i = 1; i <= n; i++) output.Write(LuaState.ToBytes(L, i));
            if (output.AutoFlush) output.Flush();
        }
        lua_pushboolean(L, 1);
        return 1;
    }

    /// <summary>os.exit([code]): flushes the chisel output, then ends the process.</summary>
    [UnmanagedCallersOnly]
    private static int Exit(nint L)
    {
        int code = 0;
        int t = lua_type(L, 1);
        if (t == TypeNumber) code = (int)lua_tonumber(L, 1);
        else if (t == TypeBoolean) code = lua_toboolean(L, 1) != 0 ? 0 : 1;
        Chisel.Current?.Output.Flush();
        Console.Out.Flush();
        Environment.Exit(code);
        return 0;
    }
}
