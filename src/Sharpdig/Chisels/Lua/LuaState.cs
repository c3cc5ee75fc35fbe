using System.Text;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels.Lua;

/// <summary>
/// One Lua interpreter (a LuaJIT state) with the few conveniences the chisel host needs: strings in
/// and out as UTF-8, globals by name, protected calls that return the error text instead of
/// unwinding. Lua errors must never unwind through managed frames, so every call into Lua that can
/// fail goes through <c>lua_pcall</c>, and C functions written in C# never raise Lua errors.
/// </summary>
internal sealed unsafe class LuaState : IDisposable
{
    public nint Handle { get; private set; }

    public LuaState()
    {
        try { Handle = luaL_newstate(); }
        catch (DllNotFoundException)
        {
            throw new ChiselException("chisels need LuaJIT 2.1 (libluajit-5.1.so.2): install the libluajit-5.1-2 package");
        }
        if (Handle == 0) throw new ChiselException("cannot create a Lua interpreter (out of memory)");
        luaL_openlibs(Handle);
    }

    public void Dispose()
    {
        if (Handle != 0) { lua_close(Handle); Handle = 0; }
    }

    /// <summary>Compiles and runs a chunk; returns null on success, else the Lua error text.</summary>
    public string? Run(ReadOnlySpan<byte> code, string chunkName)
    {
        string? err = Load(code, chunkName);
        if (err is not null) return err;
        return Call(0, 0);
    }

    /// <summary>Compiles a chunk and leaves it on the stack; returns the error text on failure.</summary>
    public string? Load(ReadOnlySpan<byte> code, string chunkName)
    {
        Span<byte> name = stackalloc byte[Encoding.UTF8.GetMaxByteCount(chunkName.Length) + 1];
        int n = Encoding.UTF8.GetBytes(chunkName, name);
        name[n] = 0;
        fixed (byte* c = code) fixed (byte* np = name)
        {
            if (luaL_loadbuffer(Handle, c, (nuint)code.Length, np) == Ok) return null;
        }
        return PopError();
    }

    /// <summary>Calls the function below <paramref name="nargs"/> arguments; null on success, else the error text.</summary>
    public string? Call(int nargs, int nresults)
    {
        if (lua_pcall(Handle, nargs, nresults, 0) == Ok) return null;
        return PopError();
    }

    private string PopError()
    {
        string msg = ToText(-1) ?? "(error object is not a string)";
        LuaNative.Pop(Handle, 1);
        return msg;
    }

    public void GetGlobal(ReadOnlySpan<byte> nameZ)
    {
        fixed (byte* p = nameZ) lua_getfield(Handle, GlobalsIndex, p);
    }

    public void SetGlobal(ReadOnlySpan<byte> nameZ)
    {
        fixed (byte* p = nameZ) lua_setfield(Handle, GlobalsIndex, p);
    }

    /// <summary>Keeps a string in the registry; <see cref="GetGlobal(int)"/> then reads a global without re-hashing its name.</summary>
    public int ReferenceString(string s)
    {
        PushText(s);
        return luaL_ref(Handle, RegistryIndex);
    }

    /// <summary>Pushes the global named by a string kept with <see cref="ReferenceString"/>.</summary>
    public void GetGlobal(int nameRef)
    {
        lua_rawgeti(Handle, RegistryIndex, nameRef);
        lua_gettable(Handle, GlobalsIndex);
    }

    public int Type(int idx) => lua_type(Handle, idx);
    public void Pop(int n) => LuaNative.Pop(Handle, n);
    public int Top => lua_gettop(Handle);

    /// <summary>The string (or number, converted) at <paramref name="idx"/>, or null.</summary>
    public string? ToText(int idx) => ToText(Handle, idx);

    public static string? ToText(nint L, int idx)
    {
        int t = lua_type(L, idx);
        if (t != TypeString && t != TypeNumber) return null;
        nuint len;
        byte* p = lua_tolstring(L, idx, &len);
        return p == null ? null : Encoding.UTF8.GetString(p, (int)len);
    }

    /// <summary>The raw bytes of the string at <paramref name="idx"/> (valid while it stays on the stack).</summary>
    public static ReadOnlySpan<byte> ToBytes(nint L, int idx)
    {
        nuint len;
        byte* p = lua_tolstring(L, idx, &len);
        return p == null ? default : new ReadOnlySpan<byte>(p, (int)len);
    }

    public void PushText(string s) => PushText(Handle, s);

    public static void PushText(nint L, string s)
    {
        int max = Encoding.UTF8.GetMaxByteCount(s.Length);
        if (max <= 512)
        {
            Span<byte> buf = stackalloc byte[max];
            int n = Encoding.UTF8.GetBytes(s, buf);
            PushBytes(L, buf[..n]);
        }
        else
        {
            PushBytes(L, Encoding.UTF8.GetBytes(s));
        }
    }

    public static void PushBytes(nint L, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes) lua_pushlstring(L, p, (nuint)bytes.Length);
    }

    /// <summary>Sets t[name] = C function, with t at the top of the stack.</summary>
    public void SetFunction(ReadOnlySpan<byte> nameZ, delegate* unmanaged<nint, int> fn)
    {
        lua_pushcclosure(Handle, fn, 0);
        fixed (byte* p = nameZ) lua_setfield(Handle, -2, p);
    }

    /// <summary>Reads t[key] as a string, with t at <paramref name="tableIdx"/> (negative indices allowed).</summary>
    public string? GetStringField(int tableIdx, ReadOnlySpan<byte> keyZ)
    {
        fixed (byte* p = keyZ) lua_getfield(Handle, tableIdx, p);
        string? s = Type(-1) == TypeString || Type(-1) == TypeNumber ? ToText(-1) : null;
        Pop(1);
        return s;
    }
}
