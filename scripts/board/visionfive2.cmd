# visionfive2.cmd - U-Boot script for the StarFive VisionFive 2 (compiled
# to boot.scr by scripts/board/mkboard.sh). Put boot.scr, Image and
# initrd on the first partition of an SD card (FAT or ext4); the board's
# U-Boot distro boot finds and runs it.
#
# The kernel is loaded to kernel_addr_r; booti moves it to RAM base +
# text_offset (0x40200000), and its whole footprint (Image header
# image_size) stays far below the 0x46000000 where U-Boot keeps the
# device tree. The file system goes in as the initrd (root=ram0): the
# kernel has no SD-card driver. The device tree is U-Boot's own, whose
# memory node U-Boot's board code sets to the RAM actually fitted.
setenv bootargs "root=ram0 ${extra_bootargs}"
echo "boot.scr: loading Image and initrd from ${devtype} ${devnum}:${distro_bootpart}"
load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} Image
load ${devtype} ${devnum}:${distro_bootpart} ${ramdisk_addr_r} initrd
setenv initrd_size ${filesize}
booti ${kernel_addr_r} ${ramdisk_addr_r}:${initrd_size} ${fdtcontroladdr}
echo "boot.scr: booti failed"
