#!/bin/sh
# make-dtbs.sh - regenerate the device trees in test/data/ that the host
# test test/unit/test_devtree.c reads.
#
#   sh test/data/make-dtbs.sh [board-dtb-dir]
#
# Three kinds of DTB (see test/data/README.md):
#   qemu-*.dtb   dumped by qemu-system-riscv64 (-M MACHINE,dumpdtb=FILE),
#                cut to the header's totalsize (QEMU pads the file to 1 MiB)
#   synth-*.dtb  small hand-written trees for cases no machine produces,
#                compiled with dtc from the sources below
#   board DTBs   copied from board-dtb-dir (default ../shared/dtb), with
#                their provenance note
# QEMU writes a fresh random /chosen/rng-seed each time, so the qemu-*.dtb
# files change on every run even when nothing else did.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
boards=${1:-$here/../../../shared/dtb}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for tool in qemu-system-riscv64 dtc; do
	command -v $tool >/dev/null || {
		echo "make-dtbs.sh: $tool missing (apt-get install --no-install-recommends qemu-system-misc device-tree-compiler)" >&2
		exit 1
	}
done

# qemu NAME QEMU-ARGS...: dump a machine's DTB into NAME.dtb.
qemu() {
	name=$1
	shift
	qemu-system-riscv64 -nographic -bios none "$@" -machine dumpdtb="$tmp/full.dtb" \
		>/dev/null 2>&1
	size=$(od -An -tu1 -j4 -N4 "$tmp/full.dtb" |
		awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }')
	head -c "$size" "$tmp/full.dtb" >"$here/$name.dtb"
	echo "$name.dtb: $size bytes"
}

for harts in 1 4 8; do
	qemu qemu-virt-${harts}hart-128m -M virt -smp $harts -m 128M
	qemu qemu-virt-${harts}hart-2g -M virt -smp $harts -m 2G
done

# bootargs and initrd: QEMU needs a -kernel to place an initrd behind.
head -c 4096 /dev/zero >"$tmp/kernel.bin"
head -c 8192 /dev/zero | tr '\0' 'x' >"$tmp/initrd.img"
qemu qemu-virt-initrd -M virt -smp 2 -m 256M -kernel "$tmp/kernel.bin" \
	-append "root=vda" -initrd "$tmp/initrd.img"

qemu qemu-sifive_u-5hart -M sifive_u -smp 5 -m 1G

# ---------------------------------------------------------------------------
# Hand-written trees.
synth() {
	dtc -q -I dts -O dtb -o "$here/$1.dtb" "$tmp/$1.dts"
	echo "$1.dtb: from the source in make-dtbs.sh"
}

# Everything at once: 32-bit root cells, /memreserve/, several ranges in
# one reg, disabled nodes, timebase only in a cpu node (64-bit), Sstc in
# several spellings (and one look-alike), 64-bit initrd cells, stdout-path
# through an alias with options to a UART behind two buses with non-empty
# ranges (not the first UART in the tree),
# a PLIC matched only by "plic" in its name whose interrupts-extended mixes
# interrupt controllers with 1 and 2 cells, unsorted virtio nodes.
cat >"$tmp/synth-edge.dts" <<'EOF'
/dts-v1/;
/memreserve/ 0x80000000 0x20000;
/ {
	#address-cells = <1>;
	#size-cells = <1>;
	model = "synthetic edge cases";

	aliases {
		uart1 = "/bus@f0000000/subbus@8000/serial@110";
	};
	chosen {
		bootargs = "console=hvc0 root=/dev/ram sched=rr";
		linux,initrd-start = /bits/ 64 <0x84000000>;
		linux,initrd-end = /bits/ 64 <0x84100000>;
		stdout-path = "uart1:115200n8";
	};
	memory@80000000 {
		device_type = "memory";
		reg = <0x80000000 0x1000000 0x90000000 0x2000000>;
	};
	memory@a0000000 {
		device_type = "memory";
		reg = <0xa0000000 0x1000000>;
		status = "disabled";
	};
	memory@c0000000 {
		device_type = "memory";
		reg = <0xc0000000 0x4000000>;
		status = "okay";
	};
	reserved-memory {
		#address-cells = <1>;
		#size-cells = <1>;
		ranges;
		fw@80000000 {
			reg = <0x80000000 0x40000>;
			no-map;
		};
		pool {
			size = <0x100000>;
		};
		off@c1000000 {
			reg = <0xc1000000 0x1000>;
			status = "disabled";
		};
	};
	cpus {
		#address-cells = <1>;
		#size-cells = <0>;
		cpu@0 {
			device_type = "cpu";
			reg = <0>;
			riscv,isa = "rv64imac_zicsr_sstcx";
			mmu-type = "riscv,none";
			timebase-frequency = /bits/ 64 <50000000>;
			c0: interrupt-controller {
				#interrupt-cells = <1>;
				interrupt-controller;
			};
		};
		cpu@1 {
			device_type = "cpu";
			reg = <1>;
			riscv,isa = "rv64imafdc";
			riscv,isa-extensions = "i", "m", "a", "sstc", "zicsr";
			mmu-type = "riscv,sv39";
			status = "okay";
			c1: interrupt-controller {
				#interrupt-cells = <1>;
				interrupt-controller;
			};
		};
		cpu@2 {
			device_type = "cpu";
			reg = <2>;
			riscv,isa = "rv64imafdc_sstc_zicsr";
			mmu-type = "riscv,sv39";
			status = "disabled";
			c2: interrupt-controller {
				#interrupt-cells = <1>;
				interrupt-controller;
			};
		};
		cpu@3 {
			device_type = "cpu";
			reg = <3>;
			riscv,isa = "rv64imafdc_svnapot_sstc";
			mmu-type = "riscv,sv57";
			c3: interrupt-controller {
				#interrupt-cells = <1>;
				interrupt-controller;
			};
		};
		idle-states {
		};
		cpu-map {
			cluster0 {
				core0 {
					cpu = <&{/cpus/cpu@0}>;
				};
			};
		};
	};
	other_intc: msi-controller {
		#interrupt-cells = <2>;
		interrupt-controller;
	};
	bus@f0000000 {
		compatible = "simple-bus";
		#address-cells = <1>;
		#size-cells = <1>;
		ranges = <0x0 0xf0000000 0x10000>;
		serial@0 {
			compatible = "ns16550a";
			reg = <0x0 0x100>;
			interrupts = <6>;
			status = "disabled";
		};
		serial@1000 {
			compatible = "vendor,soc-uart", "snps,dw-apb-uart";
			reg = <0x1000 0x100>;
			reg-shift = <2>;
			reg-io-width = <4>;
			clock-frequency = <24000000>;
			interrupts = <7 4>;
		};
		subbus@8000 {
			compatible = "simple-bus";
			#address-cells = <1>;
			#size-cells = <1>;
			ranges = <0x100 0x8000 0x1000>;
			serial@110 {
				compatible = "sifive,uart0";
				reg = <0x110 0x10>;
				interrupts-extended = <&plic 8>;
			};
		};
	};
	plic: interrupt-controller@c000000 {
		compatible = "vendor,c900-plic";
		reg = <0xc000000 0x4000000>;
		#interrupt-cells = <1>;
		interrupt-controller;
		riscv,ndev = <64>;
		interrupts-extended = <&c0 11 &c1 11 &c1 9 &other_intc 9 0 &c3 9>;
	};
	virtio@10003000 {
		compatible = "virtio,mmio";
		reg = <0x10003000 0x1000>;
		interrupts = <3>;
	};
	virtio@10001000 {
		compatible = "virtio,mmio";
		reg = <0x10001000 0x1000>;
		interrupts = <1>;
	};
	virtio@10002000 {
		compatible = "virtio,mmio";
		reg = <0x10002000 0x1000>;
		interrupts = <2>;
		status = "disabled";
	};
	virtio@10004000 {
		compatible = "virtio,mmio";
		reg = <0x10004000 0x1000>;
	};
};
EOF
synth synth-edge

# The smallest tree the parser accepts; the next ones each lack one part.
minimal_parts() {
	cat <<'EOF'
/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
EOF
	case $1 in *memory*) ;; *) cat <<'EOF'
	memory@80000000 {
		device_type = "memory";
		reg = <0x0 0x80000000 0x0 0x8000000>;
	};
EOF
	esac
	case $1 in *cpus*) ;; *)
		case $1 in *timebase*) echo '	cpus {' ;;
		*) printf '\tcpus {\n\t\ttimebase-frequency = <10000000>;\n' ;; esac
		cat <<'EOF'
		#address-cells = <1>;
		#size-cells = <0>;
		cpu@0 {
			device_type = "cpu";
			reg = <0>;
			mmu-type = "riscv,sv39";
		};
	};
EOF
	esac
	case $1 in *fallback*) cat <<'EOF'
	chosen {
		linux,stdout-path = "/no/such/node";
	};
	soc {
		compatible = "simple-bus";
		#address-cells = <2>;
		#size-cells = <2>;
		ranges;
		serial@10000000 {
			compatible = "ns16550a";
			reg = <0x0 0x10000000 0x0 0x100>;
			status = "disabled";
		};
		serial@10001000 {
			compatible = "vendor,unknown-uart";
			reg = <0x0 0x10001000 0x0 0x100>;
		};
		serial@10002000 {
			compatible = "ns16550";
			reg = <0x0 0x10002000 0x0 0x100>;
			reg-io-width = <3>;
		};
		serial@10003000 {
			compatible = "sifive,uart0";
			reg = <0x0 0x10003000 0x0 0x1000>;
			interrupts = <4>;
		};
		serial@10004000 {
			compatible = "ns16550";
			reg = <0x0 0x10004000 0x0 0x100>;
		};
	};
EOF
	esac
	case $1 in *bootargs*)
		printf '\tchosen {\n\t\tbootargs = "'
		i=0
		while [ $i -lt 30 ]; do printf 'option%02d=x ' $i; i=$((i + 1)); done
		printf '";\n\t};\n'
	esac
	echo '};'
}

for name in synth-minimal synth-no-memory synth-no-cpus synth-no-timebase \
	synth-fallback-uart synth-long-bootargs; do
	minimal_parts $name >"$tmp/$name.dts"
	synth $name
done

# More harts than struct platform has room for.
{
	printf '/dts-v1/;\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n'
	printf '\tmemory@80000000 {\n\t\tdevice_type = "memory";\n'
	printf '\t\treg = <0x0 0x80000000 0x0 0x8000000>;\n\t};\n'
	printf '\tcpus {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <0>;\n'
	printf '\t\ttimebase-frequency = <10000000>;\n'
	i=0
	while [ $i -lt 33 ]; do
		printf '\t\tcpu@%x {\n\t\t\tdevice_type = "cpu";\n\t\t\treg = <%d>;\n\t\t};\n' $i $i
		i=$((i + 1))
	done
	printf '\t};\n};\n'
} >"$tmp/synth-too-many-harts.dts"
synth synth-too-many-harts

# ---------------------------------------------------------------------------
# Real boards (built from Linux's device-tree sources; see README.md).
for f in jh7110-starfive-visionfive-2-v1.3b jh7110-starfive-visionfive-2-v1.2a \
	jh7100-starfive-visionfive-v1 microchip-mpfs-icicle-kit; do
	cp "$boards/$f.dtb" "$here/$f.dtb"
	chmod 644 "$here/$f.dtb"
	echo "$f.dtb: copied from $boards"
done
# Their provenance note is copied into README.md by hand.
