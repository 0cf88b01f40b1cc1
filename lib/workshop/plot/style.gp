# The look every experiment's plot shares: legible on a projector, the same colours for the same
# kind of thing, and the machine it ran on in a corner. `./lab experiment` loads this file before
# the experiment's own plot.gp, with these variables set:
#   terminal_kind  'svg' or 'png'
#   output_file    the file to write
#   data_dir       the folder where the experiment wrote its data
#   machine        e.g. '2 cores (Intel Xeon ...), GCC 12.2.0'
#   cores          the number of cores the experiment could use
if (terminal_kind eq 'svg') {
  set terminal svg size 1280,800 dynamic enhanced font 'DejaVu Sans,20' background rgb 'white'
} else {
  set terminal pngcairo size 1600,1000 enhanced font 'DejaVu Sans,24' background rgb 'white'
}
set output output_file

set border 3 lw 2
set tics nomirror
set grid ytics lc rgb '#dddddd' lw 1 dt 1
set key top left Left reverse box opaque samplen 2 spacing 1.2 width 2
set datafile separator "\t"

# An Okabe-Ito palette (distinguishable with colour-blind eyes), thick lines, large points.
set linetype 1 lc rgb '#0072B2' lw 4 pt 7 ps 1.6
set linetype 2 lc rgb '#D55E00' lw 4 pt 5 ps 1.6
set linetype 3 lc rgb '#009E73' lw 4 pt 9 ps 1.8
set linetype 4 lc rgb '#CC79A7' lw 4 pt 11 ps 1.8
set linetype 5 lc rgb '#E69F00' lw 4 pt 13 ps 1.8
set linetype 6 lc rgb '#56B4E9' lw 4 pt 15 ps 1.8
set linetype 7 lc rgb '#000000' lw 4 pt 4 ps 1.6
set linetype 8 lc rgb '#999999' lw 3 pt 6 ps 1.6 dt 2

# Where it was measured, small, in the lower right corner.
set label 99 machine at screen 0.99, 0.02 right font ',14' textcolor rgb '#555555'
