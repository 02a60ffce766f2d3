# boot.cmd - U-Boot script that boots our kernel, as a board's SD card would.
#
# U-Boot's distro boot finds this script (compiled to boot.scr with
# `mkimage -A riscv -T script`, see mkbootdisk.sh) on the first partition
# of a virtio disk and runs it with devtype, devnum and distro_bootpart
# naming that partition. It loads the kernel from the same partition to
# kernel_addr_r and boots it on U-Boot's own device tree (fdtcontroladdr):
#   Image   booti; U-Boot moves it to RAM base + its text_offset
#   uImage  bootm; U-Boot copies it to the uImage's load address
# Both pass a0 = hart id, a1 = device tree. The root file system is a
# second virtio disk, so no initrd ("-"). QEMU's -append is in the device
# tree's /chosen/bootargs; copying it to the bootargs variable makes the
# boot command keep it.
fdt addr ${fdtcontroladdr}
fdt get value bootargs /chosen bootargs
if test -e ${devtype} ${devnum}:${distro_bootpart} uImage; then
	echo "boot.scr: bootm uImage from ${devtype} ${devnum}:${distro_bootpart}"
	load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} uImage
	bootm ${kernel_addr_r} - ${fdtcontroladdr}
else
	echo "boot.scr: booti Image from ${devtype} ${devnum}:${distro_bootpart}"
	load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} Image
	booti ${kernel_addr_r} - ${fdtcontroladdr}
fi
echo "boot.scr: boot failed"
