# footprint.awk - where the qemu-m4 firmware's flash and RAM go, from the linker map (GNU ld
# -Map), against the Nano 33 BLE's limits. The Makefile runs it after every link:
#   awk -v stack=B -v flash_limit=B -v ram_limit=B -v kernels=dsp|portable -f footprint.awk firmware.map
# prints one line:
#   footprint (dsp kernels): flash F of L B (P%) = code C + model M + other constants O;
#   RAM R of L B (P%) = arena A + stack S + app and protocol buffers B + input pixels I + other O
# Flash: code is every .text input section; model is everything ps_generated_model.o puts in
# flash (weights, biases, requantization tables, tensor and op descriptors); other constants are
# the rest (the firmware's and libc's read-only data, the vector table, alignment). RAM: the
# activation arena, the reserved stack, the ps_app state with its protocol buffers (decoder
# packet, TX queue, packet being encoded), the input pixel buffer, and the rest (.data, small
# statics). Plain POSIX awk (mawk too): no strtonum.

function hex(s,    i, c, v) {
    v = 0
    s = tolower(s)
    sub(/^0x/, "", s)
    for (i = 1; i <= length(s); i++) {
        c = index("0123456789abcdef", substr(s, i, 1))
        if (c == 0) {
            return v
        }
        v = v * 16 + c - 1
    }
    return v
}

function add(output, file, name, size) {
    if (output == ".text" || output == ".ARM.exidx" || output == ".data") {
        flash += size
        if (file ~ /ps_generated_model\.o$/) {
            model += size
        } else if (name ~ /^\.text/) {
            code += size
        } else {
            constants += size
        }
    }
    if (output == ".data" || output == ".bss") {
        ram += size
        if (name ~ /^\.bss\.arena/) {
            arena += size
        } else if (name ~ /^\.bss\.app/) {
            app += size
        } else if (name ~ /^\.bss\.pixels/) {
            pixels += size
        } else {
            other_ram += size
        }
    }
}

# Remembers an input section; sizes are settled at the end, from the addresses: ld lists merged
# string sections with their size before merging, overlapping the next section.
function note(output, file, name, addr, size) {
    n++
    e_output[n] = output
    e_file[n] = file
    e_name[n] = name
    e_addr[n] = addr
    e_size[n] = size
}

/^Linker script and memory map/ { in_map = 1; next }
!in_map { next }
# an output section (or another top-level line): what follows belongs to it; its extent bounds
# the last input section
/^[^ ]/ {
    output = $1
    pending = ""
    if (NF >= 3 && $2 ~ /^0x/ && $3 ~ /^0x/) {
        end_of[output] = hex($2) + hex($3)
    } else if (NF == 1) {
        header = output
    }
    next
}
header != "" && NF >= 2 && $1 ~ /^0x/ && $2 ~ /^0x/ { end_of[header] = hex($1) + hex($2); header = ""; next }
{ header = "" }
/^ \*fill\*/ { note(output, "", "*fill*", hex($2), hex($3)); pending = ""; next }
# an input section: " .name addr size file", or " .name" alone with "addr size file" on the next line
/^ \./ {
    if (NF >= 4 && $2 ~ /^0x/ && $3 ~ /^0x/) {
        note(output, $4, $1, hex($2), hex($3))
        pending = ""
    } else if (NF == 1) {
        pending = $1
    } else {
        pending = ""
    }
    next
}
pending != "" && NF >= 3 && $1 ~ /^0x/ && $2 ~ /^0x/ { note(output, $3, pending, hex($1), hex($2)) }
{ pending = "" }

END {
    # by output section, then address, then size (insertion sort: a few hundred sections)
    for (i = 1; i <= n; i++) {
        order[i] = i
    }
    for (i = 2; i <= n; i++) {
        k = order[i]
        for (j = i - 1; j >= 1 && before(k, order[j]); j--) {
            order[j + 1] = order[j]
        }
        order[j + 1] = k
    }
    for (i = 1; i <= n; i++) {
        k = order[i]
        limit = (i < n && e_output[order[i + 1]] == e_output[k]) ? e_addr[order[i + 1]] : end_of[e_output[k]]
        size = e_size[k]
        if (limit != "" && e_addr[k] + size > limit) {
            size = limit > e_addr[k] ? limit - e_addr[k] : 0
        }
        add(e_output[k], e_file[k], e_name[k], size)
    }
    ram_total = ram + stack
    printf "footprint (%s kernels): flash %d of %d B (%.1f%%) = code %d + model %d + other constants %d; ", \
        kernels, flash, flash_limit, 100.0 * flash / flash_limit, code, model, constants
    printf "RAM %d of %d B (%.1f%%) = arena %d + stack %d + app and protocol buffers %d + input pixels %d + other %d\n", \
        ram_total, ram_limit, 100.0 * ram_total / ram_limit, arena, stack, app, pixels, other_ram
}

function before(a, b) {
    if (e_output[a] != e_output[b]) {
        return e_output[a] < e_output[b]
    }
    if (e_addr[a] != e_addr[b]) {
        return e_addr[a] < e_addr[b]
    }
    return e_size[a] < e_size[b]
}
