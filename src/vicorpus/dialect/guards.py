"""Word lists of the lexicon's longer guards and licences, kept apart so the tables stay readable.

Each list is the set of neighbours that turn a marker into a standard word (or, for
``PRONOUNS`` and ``FRUITS``, the words that complete a regional phrase); the markers that
use them are in :mod:`vicorpus.dialect.markers`.
"""

from __future__ import annotations

from typing import Final

# Sino-Vietnamese "X thế" compounds (xu thế "trend", lợi thế "advantage", thay thế
# "replace") and the connectives như/vì/do thế that are standard in all regions' writing.
THE_COMPOUNDS: Final = (
    "như vì do bởi tuy dù chỉ những thấy xử xu lợi ưu tư địa thay thất đắc hậu thời quyền uy khí hình tình "
    "thanh đại yếu thừa trần xuất nhập cứu độ thủ cục trận"
)
# tê "numb" and its compounds (tê liệt, tê tái, tê buốt, tê giác "rhino", tê tê "pangolin").
NUMBNESS: Final = "liệt tái giác tê buốt cóng dại bì thấp mỏi rần rát cứng"
# răng "tooth": the words before it (hàm răng, đánh răng, bánh răng "gear") and after it
# (răng miệng, răng khôn, răng sữa), which răng "why/how" never has.
TOOTH_BEFORE: Final = (
    "hàm sâu đánh nhổ trồng niềng mọc chân kẽ nướu lợi cái chiếc hở nghiến bọc hàng cạo xỉa tẩy bánh đau ê"
)
TOOTH_AFTER: Final = "miệng khôn sữa cửa hàm nanh cưa giả sứ lợi sún khểnh vẩu hô cấm trắng đều sâu thưa"
# Sino-Vietnamese 無 "without" compounds of vô (vô cùng, vô địch, vô lý, …) and vô lăng
# "steering wheel": vô means "go in" (South/Central for vào) only outside them.
VO_COMPOUNDS: Final = (
    "cùng địch tình ích hiệu lý tư cảm số hạn danh gia thức điều tận song vàn trùng sinh tuyến "
    "giá duyên dụng tâm học lại luân tích chủ căn hình cớ định vị kỷ trách hồn minh thường ý phép "
    "ơn phúc can cơ phương tội sản thần biên lăng nghĩa đạo giáo tri nhân hại cực độ"
)
# with the abbreviations of chat writing: m(ày), t(ao), e(m), a(nh), c(hị)
PRONOUNS: Final = "tui tôi nó em anh chị mày tao con ổng bả ẻm mình nhỏ tau mi hắn m t e a c"
# quả (North) / trái (South) + fruit; quả/trái alone are also kết quả, bên trái, trái phép.
FRUITS: Final = "xoài cam dừa ớt chuối bơ mít ổi bưởi chanh táo mận nhãn vải đu sầu"
