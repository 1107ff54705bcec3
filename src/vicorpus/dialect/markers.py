"""The marker lexicon: words and phrases whose use points to a Northern, Central or Southern speaker.

Sources (the markers are the textbook North / Central / South correspondences, not words
seen in an evaluation set):

- [HTC] Hoàng Thị Châu, *Phương ngữ học tiếng Việt*, NXB ĐHQG Hà Nội, 2004 — the three
  dialect zones and their lexical correspondences (bố/ba/bọ, gì/chi, đâu/mô, này/ni, …);
- [TNL] Trần Thị Ngọc Lang, *Phương ngữ Nam Bộ*, NXB KHXH, 1995; [NVA] Nguyễn Văn Ái (ed.),
  *Từ điển phương ngữ Nam Bộ*, NXB TP.HCM, 1994 — Southern words, particles (nha, nghen,
  nè, hén), the fused pronouns ổng/bả/ẻm and place words bển/trển/ngoải/trỏng;
- [VXT] Võ Xuân Trang, *Phương ngữ Bình Trị Thiên*, NXB KHXH, 1997; [BMĐ] Bùi Minh Đức,
  *Từ điển tiếng Huế*, 2004; [NNB] Nguyễn Nhã Bản (ed.), *Từ điển tiếng địa phương Nghệ
  Tĩnh*, NXB Văn hóa, 1999 — Central demonstratives mô/tê/răng/rứa/ni/nớ/ri/chừ, particles
  hỉ/hè/tề/nờ/chơ, pronouns tau/mi/choa, Nghệ Tĩnh nỏ/chộ/ngái/nhởi/đọi.

Weights (one scale for the three regions, so sums compare):

- 1.5 — a dialect word with no standard homograph left after the guards (rứa, nớ, nè,
  hổng, ổng, nhỉ): one such word is enough evidence on its own;
- 1.0 — a regional word that writers from other regions also use now and then, or that
  needs a context rule to separate it from a standard homograph (mô, chi, nha, nhé, heo);
- 0.5–0.7 — a regional *preference* between two standard words (nghìn/ngàn, bát/tô,
  final vậy/thế, đấy): it only counts together with other evidence (``MIN_EVIDENCE`` is 1.0);
- 0.3–0.4 — words that are also literary or pejorative everywhere (ngàn, hắn): even
  repeated (a marker counts at most twice) they never make a label on their own.

A word shared by two regions gives each its share (vô: South and Central, [HTC]). Every
guard (``not_after``, ``not_before``, the licensing contexts, ``cased``; see
:mod:`vicorpus.dialect.rules`) names the false friend it keeps out. Most were written from
known homographs (Sino-Vietnamese compounds, body parts, names); the rest came from reading
the hits in 20,000 baomoi news articles (standard text, where every hit is suspect: bả vai,
lỗ hổng, gây hấn, coi thi, bánh răng …) and four from reading ViMD hits (nhắc nhở, nhen
nhóm, vi mô, không chỉ thế). A bracketed tag names the work describing a correspondence;
untagged entries are colloquial regional words not traced to a page of these works.
Thirteen entries (phết, chả, ai biểu, ai dè, y chang, ủa, xạo, ráng, uổng, coi, sanh, nhựt,
hà) were added after the stage's errors on the first round of hand-labelled comments
(``docs/dialect.md`` reports what that does to the figures).
"""

from __future__ import annotations

from typing import Final

from vicorpus.dialect.guards import FRUITS, NUMBNESS, PRONOUNS, THE_COMPOUNDS, TOOTH_AFTER, TOOTH_BEFORE, VO_COMPOUNDS
from vicorpus.dialect.rules import Marker
from vicorpus.dialect.rules import marker as _m

NORTHERN: Final = (
    # Sentence-final particles [HTC]: nhé/nhá (request), nhỉ/nhở (seeking agreement), cơ
    # (insistence) — the South says nha/nghen/hen, the Centre hỉ/hè.
    _m("nhé", n=1.0),
    _m("nhỉ", n=1.5),
    _m("nhá", n=1.5, not_after="nhấn", not_before="nhem hàng"),  # nhấn nhá "accentuate", nhá nhem "dusk"
    _m("nhở", n=1.0, not_after="nhắc nham"),  # nhắc nhở "remind", nham nhở "ragged"
    _m("cơ mà", n=1.5),
    # cơ is a particle only at the end of a clause; nguy cơ, động cơ, hữu cơ end sentences too.
    _m("cơ", n=1.0, final=True, not_after="nguy động hữu phi thời căn đau bắp giãn cơ tàu", cased=True),  # Âu Cơ
    _m("dưng mà", n=1.0),  # Hà Nội colloquial "nhưng mà"; tự dưng "suddenly" is standard
    _m("lị", n=1.0, not_after="kiết"),  # "chứ lị"; kiết lị "dysentery"
    # Demonstratives: thế/đấy/ấy where the South says vậy/đó/đó [HTC]. Only final "thế"
    # (gì thế, sao thế, thế à) is colloquial; "như thế"/"vì thế" are written everywhere.
    _m("thế", n=1.0, final=True, not_after=THE_COMPOUNDS),
    _m("đấy", n=0.7),
    # "ý" for "ấy" at the end of a clause is Hà Nội informal writing ("cái đấy ý"); đồng ý,
    # chú ý, lưu ý … end sentences too.
    _m(
        "ý",
        n=0.5,
        final=True,
        not_after="đồng chú lưu ưng tùy cố gợi như vừa tâm hữu vô chủ ngụ ẩn thiện ăn",
        cased=True,
    ),  # Ý "Italy"
    _m("vâng", n=1.0, not_before="lời theo mệnh dạ"),  # vâng lời "obey" is standard
    _m("giời", n=1.5),  # Northern pronunciation spelling of trời ("giời ơi", "ông giời")
    _m("tẹo", n=1.0),
    # phết "quite" after an adjective ("hay phết", "đẹp ra phết"); phết "to smear" (phết bơ
    # lên bánh) is followed by its object.
    _m("phết", n=1.0, final=True, not_after="cướp sơn quét", cased=True),  # sơn phết; hội Phết
    # chả "not" (colloquial chẳng); chả "pâté, grilled meat" is a dish: bún chả, chả giò, chả cá.
    _m(
        "chả",
        n=1.0,
        not_after="bún giò bánh miếng cây đòn khoanh nem món",
        not_before="giò lụa cá quế chiên trứng nem mực tôm rươi bò heo lợn thịt cốm chay viên ram ốc",
    ),
    _m("tớ", n=1.0, not_after="tôi đầy đày hầu"),  # tôi tớ, đầy tớ "servant"
    _m("bọn tớ", n=1.5),
    _m("bọn mình", n=0.5),
    # Kinship and food words [HTC]: bố/ba, lợn/heo, ngô/bắp, thìa/muỗng, bát/tô, cốc/ly.
    _m("bố", n=1.0, not_after="công tuyên phân ban khủng", not_before="trí cục cáo thí phòng ráp"),
    _m("lợn", n=1.0, not_before="cợn"),
    _m("ngô", n=1.0, not_before="nghê đồng", not_after="bí khôi", cased=True),  # Ngô: surname; bí ngô "pumpkin"
    _m("thìa", n=1.0, not_before="là"),  # thìa là "dill"
    _m("mồm", n=0.7, not_after="lở"),  # lở mồm long móng "foot-and-mouth disease"
    _m("bát", n=0.7, after="cái một hai ba mấy rửa", before="cơm phở bún canh miến cháo nước đũa đĩa"),
    _m("cốc", n=0.7, after="cái một hai mấy", before="nước bia trà sữa cà"),  # not ngũ cốc, Băng Cốc
    _m("mũ bảo hiểm", n=0.5),
    _m("nghìn", n=0.5),  # both standard; northern outlets and speakers say nghìn, southern ngàn
    _m("bảo", n=0.5, before=PRONOUNS + " là rằng"),  # "tell"; never bảo vệ/bảo hiểm/…
    *(_m(f"quả {fruit}", n=0.5) for fruit in FRUITS.split()),
)

CENTRAL: Final = (
    # Demonstratives and question words [HTC, VXT, BMĐ]: mô "where", tê "that", răng
    # "why/how", rứa "so", ni "this", nớ "that", ri "thus", chừ "now", chi "what".
    # răng "tooth" also ends sentences ("dính vào răng."), so răng "how" at the end of a
    # clause counts only after the verbs it follows there: làm răng, ra răng, là răng.
    *(_m(f"{verb} răng", c=1.5, final=True) for verb in ("làm", "ra", "là")),
    _m("rứa", c=1.5),
    _m("nớ", c=1.5),
    _m("chừ", c=1.5, not_after="chần"),  # chần chừ "hesitate"
    _m("dừ", c=1.0),  # Nghệ Tĩnh "bây dừ" = bây giờ [NNB]
    _m(
        "mô",
        c=1.5,
        after="đi ở về chỗ nơi khi bên đằng phía có nỏ chi mần lúc ngả hướng ra vô lên xuống tới đến nhà ai cái",
        final=True,
        # mô = tissue (mô mềm, mô sẹo) and Sino-Vietnamese 模/摹: mô hình, mô tả, quy mô, nam mô.
        not_before="hình tả phỏng tô đun men típ tip phạm mềm cơ sẹo liên học bệnh",
        not_after="quy vi vĩ nam hô vùng lớp các những mảnh khối tổn hủy ghép thiết",  # vi mô "micro"
        cased=True,  # Đồng Mô, Ba Mô (places)
    ),
    _m(
        "tê",
        c=1.0,
        after="bên đằng phía cái bữa hôm người chỗ ngoài trong trên dưới hồi ông bà mụ o chị anh thằng lúc khi năm nhà",
        final=True,
        not_before=NUMBNESS,  # tê "numb": tê liệt, tê tái, tê giác "rhino"
        not_after="gây thuốc bị tê",
    ),
    _m(
        "răng",
        c=1.5,
        after="vì mần rứa chứ hỏi mi tau hắn",
        before="rứa mà ri hè hỉ mi tau hắn nờ",
        not_after=TOOTH_BEFORE,  # răng "tooth": hàm răng, đánh răng, bánh răng "gear"
        not_before=TOOTH_AFTER,
        cased=True,  # Cái Răng (Cần Thơ)
    ),
    _m(
        "chi",
        c=1.0,
        s=0.25,  # "làm chi" is also heard in the South [TNL]
        # not after việc (việc chi = the spending) or nói (nói chi = let alone)
        after="làm mần cái có chuyện để hỏi biết ăn sợ lo cần mua chờ tính nghĩ",
        before="rứa mô hết mà hè hỉ tê ni nớ vậy dzậy",
        final=True,
        # chi 支 "spend, branch": chi phí, chi tiêu, chi nhánh, chi bộ, thu chi, tứ chi …
        not_before="phí tiêu nhánh tiết trả bộ cục hội đoàn đội ngân phối li lưu viện tiền ra thu dùng cho trên hơn",
        not_after="thu tứ tổng khoản mức kim lan chi bội dự tạm được báo",  # báo chi: a typo of báo chí
        cased=True,  # Kim Chi, Lan Chi
    ),
    # ni "this" follows a noun or time word; ni 尼 "nun" (tăng ni, ni cô) does not.
    _m(
        "ni",
        c=1.0,
        after="bữa hôm chừ cái chỗ bên đây ri người nhà năm tháng lúc khi hồi việc chuyện con thằng ông bà anh chị "
        "em o mệ mạ đứa làng xóm quê trường lớp đường ngày kiểu như rứa",
        not_before="cô sư lông tơ ken",
        cased=True,
    ),
    _m("ri", c=1.0, after="như làm rứa mần nói cứ", final=True, not_after="cà", cased=True),  # cà ri "curry"
    # Particles [VXT, BMĐ]: hỉ, hè (final), tề "kìa", nờ, chơ "chứ", nì.
    _m("hỉ", c=1.5, final=True, not_before="mũi hả sự nộ", not_after="hoan song", cased=True),  # hoan hỉ 喜
    # hè "summer" ends clauses too (mùa hè, phong cách hè): the particle counts after a
    # particle, demonstrative or degree word (rứa hè, đẹp quá hè).
    _m("hè", c=1.0, after="rứa ri nì ni tê nớ răng mô chi quá lắm ghê rồi đó hỉ"),
    _m("tề", c=1.5, final=True, not_after="chỉnh", cased=True),  # chỉnh tề "neat"
    _m("nờ", c=1.0),
    _m("chơ", c=1.0, not_before="vơ", not_after="chỏng", cased=True),  # chơ vơ "lonely"; xã Chơ Long
    _m("nì", c=1.0),
    # Kinship and pronouns [HTC, NNB]: mạ "mother", mệ "grandmother", mự "aunt", tau/mi
    # "I/you", choa "we", hắn (also the pejorative "he" of all written Vietnamese, hence 0.4:
    # alone it never reaches MIN_EVIDENCE, even repeated).
    _m(
        "mạ",
        c=1.5,
        after="ba bố bọ với của cho thương nhớ hỏi",
        before="ơi tui tau em con mi nói bảo kêu biểu hắn đi về tôi mình",
        not_before="vàng bạc kẽm crom điện non đồng",  # mạ vàng "gilded", mạ non "rice seedlings"
        not_after="gieo cấy ruộng lúa nhổ cây đám xanh",
    ),
    _m("mệ", c=1.5),
    _m("mự", c=1.0),
    _m("tau", c=1.5),
    _m(
        "mi",
        c=1.0,
        after="tau nói với cho của bọn tụi hỏi đánh thương",
        before="đi nói làm mần có ăn biết ở về là thì ơi rứa răng hỉ nờ mô chơ không chưa đã cũng muốn phải đừng",
        not_after="lông nốt kẻ chuốt uốn hàng nối",  # lông mi "eyelash"
        not_before="mắt li ni",
        cased=True,  # Xiaomi Mi 6
    ),
    _m("hắn", c=0.4, not_before="ta"),  # "hắn ta" is the written, pan-regional form
    _m("choa", c=1.5),
    _m("hấn", c=1.0, not_after="gây"),  # gây hấn "provoke"
    _m("eng", c=1.0, cased=True),  # Nghệ Tĩnh "anh"
    # Nghệ Tĩnh words [NNB]: nỏ "không", chộ "thấy", ngái "far", nhởi "chơi", đọi "bowl".
    # nỏ "không" negates the verb after it; nỏ "crossbow" (dùng nỏ, cây nỏ, nỏ thần) does not.
    _m("nỏ", c=1.0, before="biết có được phải mần đi chộ thấy ăn nói hiểu ai làm chịu nhớ muốn cần sợ dám thèm"),
    _m("chộ", c=1.5),
    _m("ngái", c=1.0, not_before="ngủ"),  # ngái ngủ "drowsy" is standard
    _m("nhởi", c=1.0),
    _m("đọi", c=1.0),
    _m("trốc", c=0.5, not_after="bong"),
    _m("mần", c=0.5, s=0.5, not_before="non"),  # "làm" in the Centre and the South [HTC]; "mần non" = typo
    _m("tui", c=0.4, s=0.6),
    _m("tụi", c=0.3, s=0.7),
    _m(
        "vô",
        c=0.4,
        s=0.6,
        after="đi bước chạy bỏ cho nhảy ghé bấm đưa đem mang ra lên kéo thò nhét đổ lao rớt té nhìn ngó nhấn lọt chui",
        before="đây đó đi trong nhà làm coi rồi thôi tới lớp trường mạng viện phòng luôn liền nữa",
        final=True,
        not_before=VO_COMPOUNDS,
        not_after="hư",
    ),
)

SOUTHERN: Final = (
    # Particles [TNL, NVA]: nha, nhen/nghen, hen/hén, nè, hông/hổng "không", chớ "chứ",
    # final á, final vậy (weak: Northerners write "sao vậy" too).
    _m("nha", s=1.0, not_before="khoa sĩ trang phiến môn đam", not_after="ban đào", cased=True),
    _m("nè", s=1.5),
    _m("nhen", s=1.5, not_before="nhóm", not_after="nhỏ"),  # nhen nhóm "kindle", nhỏ nhen "petty"
    _m("nghen", s=1.5),
    _m("hén", s=1.5),
    _m("hen", s=1.0, final=True, not_after="bệnh cơn có nhân bị"),  # particle only at the end; hen "asthma"
    # hông "không" is a negation before a verb or a question tag; hông "hip, side" is a noun.
    _m(
        "hông",
        s=1.0,
        before="biết có được phải chịu thèm sao ai muốn cần nói thấy làm ăn đi ưa thích hiểu nhớ dám bằng giống "
        "nghe còn",
        final=True,
        not_after="bên eo xương đau vòng mỏi sườn khoét từ hai",
    ),
    _m("hổng", s=1.5, not_after="lỗ bị"),  # lỗ hổng "gap", bị hổng "hollow"
    _m("chớ", s=1.0, before="sao bộ gì hông hả", final=True),  # chớ "do not" is imperative, mid-clause
    _m("á", s=0.7, final=True, not_after="châu đông nam tây bắc á", cased=True),  # châu Á "Asia"
    _m("vậy", s=0.5, final=True, not_after="vì như do bởi dù tuy thế"),
    # Pronunciation spellings of v- as [j] (vậy, vô, về) and fused pronouns/place words
    # (ông ấy → ổng, bên ấy → bển) [TNL].
    *(_m(w, s=1.5) for w in ("dzậy", "zậy", "dzị", "zị", "dzô", "dìa", "ổng", "ẻm", "bển", "trển", "trỏng", "hổm")),
    _m("ngoải", s=1.5, not_after="ngắc"),  # ngắc ngoải "dying"
    _m("zô", s=1.0),
    _m("dô", s=1.0, not_before="ta", not_after="trán"),  # "dô ta" (heave-ho), trán dô
    _m("bả", s=1.0, not_before="vai chuột vinh", not_after="đánh trúng mắc loại"),  # bả vai "shoulder", bả "bait"
    _m("vầy", s=1.0, not_after="sum vui"),  # sum vầy "reunite"
    _m("mầy", s=1.0),
    _m("tụi bây", s=1.5),
    # Kinship: ba/má, tía [TNL]; "ba" is also "three", so only in fixed combinations.
    _m("ba má", s=2.0),
    _m("ba mẹ", s=0.5),  # southern, but spreading to every region
    _m("ba tui", s=1.0),
    _m("ba ơi", s=0.7),
    # má "cheek": gò má, đôi má, hôn má, má lúm, má hồng.
    _m("má", s=1.0, not_after="gò đôi hai bầu cặp hõm ôm hôn véo xoa áp", not_before="hồng lúm phanh đào phính hóp"),
    _m("tía", s=1.0, not_before="tô", not_after="đỏ tím"),  # tía tô "perilla", đỏ tía "purple"
    _m("biểu", s=1.0, before=PRONOUNS, not_after="phát đại tiêu niên thời bảng"),  # "tell" ≠ biểu 表
    _m("ai biểu", s=1.5, not_before="diễn hiện tình quyết dương lộ thị đạt cảm"),  # "who told you to"
    _m("ai dè", s=1.0),  # "who would have thought" (ai ngờ)
    _m("y chang", s=0.7),  # "exactly like"; now also in northern writing
    _m("ủa", s=0.7, c=0.3),  # exclamation of surprise, Southern and southern-Central
    _m("xạo", s=1.0, not_after="lạo"),  # "lie, bluff" (nói xạo); lạo xạo "crunch"
    # ráng "try hard" (South/Centre); ráng chiều, ráng đỏ "afterglow" is standard.
    _m("ráng", s=0.7, c=0.3, not_before="chiều đỏ mỡ vàng hồng trời", cased=True),
    _m("uổng", s=0.7, not_before="công phí mạng tử", not_after="oan"),  # uổng công, oan uổng are standard
    # coi "look, watch" (South/Centre for xem) [HTC]; coi như, coi chừng, coi thường,
    # coi trọng, trông coi, coi thi "invigilate" are standard everywhere.
    _m("coi", s=0.6, c=0.4, not_before="như chừng thường trọng sóc nhẹ khinh rẻ là thi giữ", not_after="trông canh"),
    # Southern pronunciation spellings of Sino-Vietnamese syllables: sinh → sanh, nhật →
    # nhựt; capitalised they are given names. Not phước: ban phước, hưởng phước are
    # standard religious vocabulary; not sanh in sắm sanh, chúng sanh (Buddhist, standard).
    _m("sanh", s=1.0, not_after="sắm chúng túc", cased=True),
    _m("nhựt", s=1.0, cased=True),
    # hà: the particle of "quá hà"; thiên hà "galaxy", phiền hà, băng hà, nề hà end clauses too.
    _m("hà", s=1.0, final=True, not_after="sông hải ngân thiên phiền băng nề", cased=True),
    # Words [TNL, NVA]: heo/lợn, bắp/ngô, muỗng/thìa, mền/chăn, kiếng/kính, xài/dùng,
    # giỡn/đùa, lẹ/nhanh, quẹo/rẽ, rớt/rơi, té/ngã, bự/to, dơ/bẩn, mắc/đắt, thiệt/thật.
    _m("heo", s=1.0, not_before="may hút"),  # gió heo may, heo hút are standard
    _m("bắp", s=1.0, not_before="cải chân tay thịt đùi vế chuối", not_after="cơ cải", cased=True),  # bắp cải, cơ bắp
    *(_m(w, s=1.0) for w in ("muỗng", "mền", "kiếng", "quẹo", "bự", "nhứt", "bịnh")),
    _m("xài", s=1.0, not_after="tiêu"),  # tiêu xài "spend" is standard
    _m("giỡn", s=1.0, not_after="đùa"),  # đùa giỡn is standard
    _m("dơ", s=0.7, not_before="bẩn", not_after="độ"),  # dơ bẩn is in standard dictionaries
    _m("lẹ", s=1.0, not_before="làng"),
    _m("rớt", s=0.7, not_before="hạng"),  # rớt hạng "relegated": sports news everywhere
    _m("té", s=0.7, not_before="ra nước tát"),  # té ra "it turns out" is Northern
    _m("dĩa", s=0.7),
    _m("xíu", s=0.7, not_after="tí"),
    _m("mướn", s=0.5, not_after="thuê"),
    _m("mập", s=0.5, not_after="cá", not_before="mờ mạp"),  # cá mập "shark", mập mờ "vague"
    # thiệt "thật" as an intensifier; thiệt 損 "loss" (thiệt hại, bị thiệt, thất thiệt) is standard.
    _m(
        "thiệt",
        s=1.0,
        after="nói",
        before="là tình sự hả hông luôn vậy thà",
        final=True,
        not_after="thua thất chịu bị cũng người",
    ),
    *(_m(f"mắc {w}", s=1.0) for w in ("quá", "tiền", "cỡ", "cười", "mệt")),  # not mắc bệnh/lỗi
    *(_m(p, s=1.0) for p in ("quá trời", "quá chừng", "quá xá", "hết trơn", "dữ thần", "đậu phộng")),
    *(_m(f"hồi {w}", s=1.0) for w in ("nãy", "sáng", "chiều", "tối", "hôm")),
    *(_m(p, s=1.0) for p in ("bữa nay", "bữa hổm", "bữa giờ", "hôm bữa")),
    _m("nón bảo hiểm", s=0.5),
    _m("ngàn", s=0.3),  # below the 0.5 of nghìn: ngàn is also literary everywhere (ngàn năm)
    _m("tô", s=0.5, after="cái một hai ba mấy", before="phở bún mì cơm hủ canh cháo"),  # not tô màu/tô điểm
    *(_m(f"trái {fruit}", s=0.5) for fruit in FRUITS.split()),
)

LEXICON: Final[tuple[Marker, ...]] = NORTHERN + CENTRAL + SOUTHERN
