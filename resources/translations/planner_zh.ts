<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>Analysis</name>
    <message>
      <source>&amp;Analysis</source>
      <translation>分析(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;Cancel Evaluation</source>
      <translation>取消评估(&amp;C)</translation>
    </message>
    <message>
      <source>&amp;Evaluate Now</source>
      <translation>立即评估(&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Link Calculator…</source>
      <translation>链路计算器(&amp;L)…</translation>
    </message>
    <message>
      <source>&amp;Preferences…</source>
      <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
      <source>Analysis</source>
      <translation>分析</translation>
    </message>
    <message>
      <source>Evaluating…</source>
      <translation>正在评估…</translation>
    </message>
    <message>
      <source>Failure and Attack &amp;Drill</source>
      <translation>故障与攻击演练(&amp;D)</translation>
    </message>
    <message>
      <source>Failure and attack drill</source>
      <translation>故障与攻击演练</translation>
    </message>
    <message>
      <source>Generate &amp;Report…</source>
      <translation>生成报告(&amp;R)…</translation>
    </message>
    <message>
      <source>R&amp;ollout</source>
      <translation>分期部署(&amp;O)</translation>
    </message>
    <message>
      <source>Results</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Rollout</source>
      <translation>分期部署</translation>
    </message>
  </context>
  <context>
    <name>AnalysisPanel</name>
    <message>
      <source>Active device classes</source>
      <translation>启用的设备类别</translation>
    </message>
    <message>
      <source>At least one device class must stay active.</source>
      <translation>至少需要保留一个设备类别。</translation>
    </message>
    <message>
      <source>Best cost (exact, slower)</source>
      <translation>成本最优（精确求解，较慢）</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Cancel the running evaluation</source>
      <translation>取消正在进行的评估</translation>
    </message>
    <message>
      <source>Change active device classes</source>
      <translation>更改启用的设备类别</translation>
    </message>
    <message>
      <source>Colour by</source>
      <translation>着色依据</translation>
    </message>
    <message>
      <source>Continuous variable (GG02)</source>
      <translation>连续变量 (GG02)</translation>
    </message>
    <message>
      <source>Decoy BB84, finite key</source>
      <translation>诱骗态 BB84（有限码长）</translation>
    </message>
    <message>
      <source>Decoy-state BB84</source>
      <translation>诱骗态 BB84</translation>
    </message>
    <message>
      <source>Design</source>
      <translation>网络设计</translation>
    </message>
    <message>
      <source>Entanglement (BBM92)</source>
      <translation>纠缠 (BBM92)</translation>
    </message>
    <message>
      <source>Evaluating…</source>
      <translation>正在评估…</translation>
    </message>
    <message>
      <source>Evaluation cancelled</source>
      <translation>评估已取消</translation>
    </message>
    <message>
      <source>Fast (heuristic)</source>
      <translation>快速（启发式）</translation>
    </message>
    <message>
      <source>How the live view designs the network after each edit; the exact solver may take its whole time limit</source>
      <translation>实时视图在每次编辑后如何设计网络；精确求解器可能用满其时间限制</translation>
    </message>
    <message>
      <source>Infeasible demand</source>
      <translation>无法满足的需求</translation>
    </message>
    <message>
      <source>Key-rate margin</source>
      <translation>成码率余量</translation>
    </message>
    <message>
      <source>Loss</source>
      <translation>损耗</translation>
    </message>
    <message>
      <source>Loss budgets ready ({0} ms); network design running…</source>
      <translation>损耗预算已完成（{0} 毫秒）；正在进行网络设计…</translation>
    </message>
    <message>
      <source>Plain (no colouring)</source>
      <translation>不着色</translation>
    </message>
    <message>
      <source>QKD link (arc)</source>
      <translation>QKD 链路（弧线）</translation>
    </message>
    <message>
      <source>Revision {0} evaluated in {1} ms</source>
      <translation>版本 {0} 评估用时 {1} 毫秒</translation>
    </message>
    <message>
      <source>Show QKD links</source>
      <translation>显示 QKD 链路</translation>
    </message>
    <message>
      <source>Show trusted nodes</source>
      <translation>显示可信中继节点</translation>
    </message>
    <message>
      <source>Symbols</source>
      <translation>图例符号</translation>
    </message>
    <message>
      <source>Trusted node</source>
      <translation>可信中继节点</translation>
    </message>
    <message>
      <source>Twin-field (SNS)</source>
      <translation>双场 (SNS)</translation>
    </message>
    <message>
      <source>{0} fibers, {1} QKD links, {2} trusted nodes</source>
      <translation>{0} 条光纤，{1} 条 QKD 链路，{2} 个可信中继节点</translation>
    </message>
    <message>
      <source>{0} of {1} demands feasible</source>
      <translation>{1} 个需求中 {0} 个可满足</translation>
    </message>
  </context>
  <context>
    <name>Choices</name>
    <message>
      <source>aerial</source>
      <translation>架空</translation>
    </message>
    <message>
      <source>berth</source>
      <translation>泊位</translation>
    </message>
    <message>
      <source>bonded</source>
      <translation>保税区</translation>
    </message>
    <message>
      <source>buried</source>
      <translation>直埋</translation>
    </message>
    <message>
      <source>customs</source>
      <translation>海关</translation>
    </message>
    <message>
      <source>existing</source>
      <translation>已有</translation>
    </message>
    <message>
      <source>gate</source>
      <translation>闸口</translation>
    </message>
    <message>
      <source>indoor</source>
      <translation>室内</translation>
    </message>
    <message>
      <source>office</source>
      <translation>办公</translation>
    </message>
    <message>
      <source>other</source>
      <translation>其他</translation>
    </message>
    <message>
      <source>planned</source>
      <translation>规划中</translation>
    </message>
    <message>
      <source>quay crane</source>
      <translation>岸桥</translation>
    </message>
    <message>
      <source>rail</source>
      <translation>铁路</translation>
    </message>
    <message>
      <source>yard</source>
      <translation>堆场</translation>
    </message>
  </context>
  <context>
    <name>DrillPanel</name>
    <message>
      <source>Attack a link (intercept-resend)</source>
      <translation>攻击链路（截获重发）</translation>
    </message>
    <message>
      <source>Clear</source>
      <translation>清除</translation>
    </message>
    <message>
      <source>Continuous-variable link: the attack shows as excess noise.</source>
      <translation>连续变量链路：攻击表现为过量噪声。</translation>
    </message>
    <message>
      <source>Cut a duct</source>
      <translation>切断管道</translation>
    </message>
    <message>
      <source>Cut a fiber</source>
      <translation>切断光纤</translation>
    </message>
    <message>
      <source>Demand</source>
      <translation>需求</translation>
    </message>
    <message>
      <source>Duct {0}</source>
      <translation>管道 {0}</translation>
    </message>
    <message>
      <source>Fiber {0}</source>
      <translation>光纤 {0}</translation>
    </message>
    <message>
      <source>Intercepted</source>
      <translation>截获比例</translation>
    </message>
    <message>
      <source>Keys last</source>
      <translation>密钥可维持</translation>
    </message>
    <message>
      <source>QBER under attack: {0:.1f} % (abort threshold {1:.0f} %)</source>
      <translation>受攻击时误码率：{0:.1f} %（中止阈值 {1:.0f} %）</translation>
    </message>
    <message>
      <source>Required</source>
      <translation>所需速率</translation>
    </message>
    <message>
      <source>Run drill</source>
      <translation>运行演练</translation>
    </message>
    <message>
      <source>Site {0}</source>
      <translation>站点 {0}</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Take out a trusted node</source>
      <translation>停用可信中继节点</translation>
    </message>
    <message>
      <source>The analysis has no failure data for {0}.</source>
      <translation>分析结果中没有{0}的故障数据。</translation>
    </message>
    <message>
      <source>The link aborts: the attack is detected, key stops flowing.</source>
      <translation>链路中止：攻击被发现，密钥停止生成。</translation>
    </message>
    <message>
      <source>The link keeps running: this level of attack stays under the threshold.</source>
      <translation>链路继续运行：此强度的攻击低于阈值。</translation>
    </message>
    <message>
      <source>Wait for the analysis to finish, then pick a target.</source>
      <translation>请等待分析完成后再选择目标。</translation>
    </message>
    <message>
      <source>What</source>
      <translation>对象</translation>
    </message>
    <message>
      <source>Which</source>
      <translation>目标</translation>
    </message>
    <message>
      <source>loses service</source>
      <translation>失去服务</translation>
    </message>
    <message>
      <source>on its second route</source>
      <translation>切换到第二条路由</translation>
    </message>
    <message>
      <source>unaffected</source>
      <translation>不受影响</translation>
    </message>
    <message>
      <source>{0} carries no QKD link of the design: cutting it affects no demand.</source>
      <translation>{0}上没有设计中的 QKD 链路：切断它不影响任何需求。</translation>
    </message>
    <message>
      <source>{0} is not a trusted node of the design: pick a fiber or a trusted node.</source>
      <translation>{0}不是设计中的可信中继节点：请选择一条光纤或一个可信中继节点。</translation>
    </message>
    <message>
      <source>{0} link(s) down · {1} demand(s) lose service · {2} keep it on a disjoint route</source>
      <translation>{0} 条链路中断 · {1} 个需求失去服务 · {2} 个需求经不相交路由维持服务</translation>
    </message>
    <message>
      <source>{0} picked: the drill runs as soon as the analysis is ready.</source>
      <translation>已选择{0}：分析完成后将立即运行演练。</translation>
    </message>
  </context>
  <context>
    <name>EngineErrorDialog</name>
    <message>
      <source>Analysis problem</source>
      <translation>分析问题</translation>
    </message>
    <message>
      <source>Demand</source>
      <translation>需求</translation>
    </message>
    <message>
      <source>Element: {0}</source>
      <translation>元素：{0}</translation>
    </message>
    <message>
      <source>Fiber</source>
      <translation>光纤</translation>
    </message>
    <message>
      <source>Section</source>
      <translation>区域</translation>
    </message>
    <message>
      <source>Select it</source>
      <translation>选中它</translation>
    </message>
    <message>
      <source>Site</source>
      <translation>站点</translation>
    </message>
    <message>
      <source>The analysis engine failed on this plan.</source>
      <translation>分析引擎无法处理此规划。</translation>
    </message>
    <message>
      <source>Underlay</source>
      <translation>底图</translation>
    </message>
    <message>
      <source>field: {0}</source>
      <translation>字段：{0}</translation>
    </message>
  </context>
  <context>
    <name>Inspector</name>
    <message>
      <source>(mixed)</source>
      <translation>（多个值）</translation>
    </message>
    <message>
      <source>(not set)</source>
      <translation>（未设置）</translation>
    </message>
    <message>
      <source>Area</source>
      <translation>面积</translation>
    </message>
    <message>
      <source>Attenuation</source>
      <translation>衰减系数</translation>
    </message>
    <message>
      <source>Bends</source>
      <translation>拐点</translation>
    </message>
    <message>
      <source>Classical channels</source>
      <translation>经典信道数</translation>
    </message>
    <message>
      <source>Connectors</source>
      <translation>连接器数</translation>
    </message>
    <message>
      <source>Demand</source>
      <translation>需求</translation>
    </message>
    <message>
      <source>Demands</source>
      <translation>需求</translation>
    </message>
    <message>
      <source>Disjoint paths</source>
      <translation>不相交路径数</translation>
    </message>
    <message>
      <source>Drawn length</source>
      <translation>绘制长度</translation>
    </message>
    <message>
      <source>Duct</source>
      <translation>管道</translation>
    </message>
    <message>
      <source>Easting</source>
      <translation>东坐标</translation>
    </message>
    <message>
      <source>Ends</source>
      <translation>端点</translation>
    </message>
    <message>
      <source>Environment</source>
      <translation>敷设环境</translation>
    </message>
    <message>
      <source>Fiber</source>
      <translation>光纤</translation>
    </message>
    <message>
      <source>Fiber type</source>
      <translation>光纤类型</translation>
    </message>
    <message>
      <source>Fibers</source>
      <translation>光纤</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>Key rate needed</source>
      <translation>所需成码率</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Launch power</source>
      <translation>发射功率</translation>
    </message>
    <message>
      <source>Length used</source>
      <translation>计算长度</translation>
    </message>
    <message>
      <source>Locked</source>
      <translation>锁定</translation>
    </message>
    <message>
      <source>Loss per connector</source>
      <translation>每个连接器损耗</translation>
    </message>
    <message>
      <source>Loss per splice</source>
      <translation>每个熔接点损耗</translation>
    </message>
    <message>
      <source>Measured length</source>
      <translation>实测长度</translation>
    </message>
    <message>
      <source>Measured loss</source>
      <translation>实测损耗</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Northing</source>
      <translation>北坐标</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Nothing selected</source>
      <translation>未选择任何对象</translation>
    </message>
    <message>
      <source>Opacity</source>
      <translation>不透明度</translation>
    </message>
    <message>
      <source>Priority</source>
      <translation>优先级</translation>
    </message>
    <message>
      <source>Refused: {0}</source>
      <translation>已拒绝：{0}</translation>
    </message>
    <message>
      <source>Required key rate</source>
      <translation>所需成码率</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Rollout priority</source>
      <translation>部署优先级</translation>
    </message>
    <message>
      <source>Rotation</source>
      <translation>旋转角</translation>
    </message>
    <message>
      <source>Scale</source>
      <translation>比例</translation>
    </message>
    <message>
      <source>Section</source>
      <translation>区域</translation>
    </message>
    <message>
      <source>Select an element on the map or in the layers panel to see its properties.</source>
      <translation>在地图或图层面板中选择一个元素以查看其属性。</translation>
    </message>
    <message>
      <source>Set {0}</source>
      <translation>设置 {0}</translation>
    </message>
    <message>
      <source>Site</source>
      <translation>站点</translation>
    </message>
    <message>
      <source>Splices</source>
      <translation>熔接点数</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Trusted node allowed</source>
      <translation>允许设可信中继节点</translation>
    </message>
    <message>
      <source>Trusted node cost</source>
      <translation>可信中继节点成本</translation>
    </message>
    <message>
      <source>Underlay</source>
      <translation>底图</translation>
    </message>
    <message>
      <source>Visible</source>
      <translation>可见</translation>
    </message>
    <message>
      <source>enter a finite number</source>
      <translation>请输入有限数值</translation>
    </message>
    <message>
      <source>enter a number</source>
      <translation>请输入数字</translation>
    </message>
    <message>
      <source>enter a whole number</source>
      <translation>请输入整数</translation>
    </message>
    <message>
      <source>{0} elements of several kinds</source>
      <translation>{0} 个不同类型的元素</translation>
    </message>
    <message>
      <source>{0} {1}s</source>
      <translation>{0} 个{1}</translation>
    </message>
  </context>
  <context>
    <name>Kinds</name>
    <message>
      <source>demand</source>
      <translation>需求</translation>
    </message>
    <message>
      <source>fiber</source>
      <translation>光纤</translation>
    </message>
    <message>
      <source>section</source>
      <translation>区域</translation>
    </message>
    <message>
      <source>site</source>
      <translation>站点</translation>
    </message>
    <message>
      <source>underlay</source>
      <translation>底图</translation>
    </message>
    <message>
      <source>{0} demand</source>
      <translation>{0} 个需求</translation>
    </message>
    <message>
      <source>{0} demands</source>
      <translation>{0} 个需求</translation>
    </message>
    <message>
      <source>{0} fiber</source>
      <translation>{0} 条光纤</translation>
    </message>
    <message>
      <source>{0} fibers</source>
      <translation>{0} 条光纤</translation>
    </message>
    <message>
      <source>{0} section</source>
      <translation>{0} 个区域</translation>
    </message>
    <message>
      <source>{0} sections</source>
      <translation>{0} 个区域</translation>
    </message>
    <message>
      <source>{0} site</source>
      <translation>{0} 个站点</translation>
    </message>
    <message>
      <source>{0} sites</source>
      <translation>{0} 个站点</translation>
    </message>
    <message>
      <source>{0} underlay</source>
      <translation>{0} 张底图</translation>
    </message>
    <message>
      <source>{0} underlays</source>
      <translation>{0} 张底图</translation>
    </message>
  </context>
  <context>
    <name>Layers</name>
    <message>
      <source>Demands</source>
      <translation>需求</translation>
    </message>
    <message>
      <source>Fibers</source>
      <translation>光纤</translation>
    </message>
    <message>
      <source>Hide underlay</source>
      <translation>隐藏底图</translation>
    </message>
    <message>
      <source>Sections</source>
      <translation>区域</translation>
    </message>
    <message>
      <source>Show underlay</source>
      <translation>显示底图</translation>
    </message>
    <message>
      <source>Sites</source>
      <translation>站点</translation>
    </message>
    <message>
      <source>Underlays</source>
      <translation>底图</translation>
    </message>
  </context>
  <context>
    <name>LinkCalculatorDialog</name>
    <message>
      <source>Attenuation</source>
      <translation>衰减系数</translation>
    </message>
    <message>
      <source>Classical channels</source>
      <translation>经典信道数</translation>
    </message>
    <message>
      <source>Connector pairs</source>
      <translation>连接器对数</translation>
    </message>
    <message>
      <source>Device</source>
      <translation>设备</translation>
    </message>
    <message>
      <source>Devices</source>
      <translation>设备</translation>
    </message>
    <message>
      <source>Fiber length (km)</source>
      <translation>光纤长度（公里）</translation>
    </message>
    <message>
      <source>Fiber path</source>
      <translation>光纤路径</translation>
    </message>
    <message>
      <source>Fiber type</source>
      <translation>光纤类型</translation>
    </message>
    <message>
      <source>Key rate</source>
      <translation>成码率</translation>
    </message>
    <message>
      <source>Key rate (bit/s)</source>
      <translation>成码率（比特/秒）</translation>
    </message>
    <message>
      <source>Limited by</source>
      <translation>受限于</translation>
    </message>
    <message>
      <source>Link calculator</source>
      <translation>链路计算器</translation>
    </message>
    <message>
      <source>Loss</source>
      <translation>损耗</translation>
    </message>
    <message>
      <source>Margins</source>
      <translation>余量</translation>
    </message>
    <message>
      <source>PLOB bound at {0}</source>
      <translation>PLOB 界（{0}）</translation>
    </message>
    <message>
      <source>Patch panels</source>
      <translation>配线架数</translation>
    </message>
    <message>
      <source>QBER</source>
      <translation>误码率</translation>
    </message>
    <message>
      <source>Read out at</source>
      <translation>读数位置</translation>
    </message>
    <message>
      <source>Secret key rate vs distance</source>
      <translation>安全成码率与距离</translation>
    </message>
    <message>
      <source>Splices</source>
      <translation>熔接点数</translation>
    </message>
    <message>
      <source>Sweep up to</source>
      <translation>扫描至</translation>
    </message>
    <message>
      <source>by fiber type</source>
      <translation>按光纤类型</translation>
    </message>
    <message>
      <source>detector</source>
      <translation>探测器</translation>
    </message>
    <message>
      <source>loss</source>
      <translation>损耗</translation>
    </message>
    <message>
      <source>no key</source>
      <translation>无密钥</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>&amp;About</source>
      <translation>关于(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;Check Plan</source>
      <translation>检查规划(&amp;C)</translation>
    </message>
    <message>
      <source>&amp;Close</source>
      <translation>关闭(&amp;C)</translation>
    </message>
    <message>
      <source>&amp;Dark Theme</source>
      <translation>深色主题(&amp;D)</translation>
    </message>
    <message>
      <source>&amp;Delete</source>
      <translation>删除(&amp;D)</translation>
    </message>
    <message>
      <source>&amp;Edit</source>
      <translation>编辑(&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Edit Vertices</source>
      <translation>编辑顶点(&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Export GeoJSON…</source>
      <translation>导出 GeoJSON(&amp;E)…</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;Grid</source>
      <translation>网格(&amp;G)</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <source>&amp;History</source>
      <translation>历史记录(&amp;H)</translation>
    </message>
    <message>
      <source>&amp;Keyboard Shortcuts</source>
      <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
      <source>&amp;New</source>
      <translation>新建(&amp;N)</translation>
    </message>
    <message>
      <source>&amp;Open…</source>
      <translation>打开(&amp;O)…</translation>
    </message>
    <message>
      <source>&amp;Panels</source>
      <translation>面板(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;Plan</source>
      <translation>规划(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <source>&amp;Redo</source>
      <translation>重做(&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Redo {0}</source>
      <translation>重做 {0}(&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Save</source>
      <translation>保存(&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Select / Move</source>
      <translation>选择/移动(&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Toolbars</source>
      <translation>工具栏(&amp;T)</translation>
    </message>
    <message>
      <source>&amp;Tools</source>
      <translation>工具(&amp;T)</translation>
    </message>
    <message>
      <source>&amp;Undo</source>
      <translation>撤销(&amp;U)</translation>
    </message>
    <message>
      <source>&amp;Undo {0}</source>
      <translation>撤销 {0}(&amp;U)</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <source>, </source>
      <translation>，</translation>
    </message>
    <message>
      <source>&lt;h3&gt;{0} {1}&lt;/h3&gt;&lt;p&gt;Plan quantum key distribution networks at seaports: map, key rates, trusted nodes, rollout and reports.&lt;/p&gt;&lt;p&gt;Licensed under Apache-2.0.&lt;/p&gt;</source>
      <translation>&lt;h3&gt;{0} {1}&lt;/h3&gt;&lt;p&gt;规划港口的量子密钥分发网络：地图、成码率、可信中继节点、分期部署与报告。&lt;/p&gt;&lt;p&gt;以 Apache-2.0 许可证发布。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;opened plan&gt;</source>
      <translation>&lt;已打开的规划&gt;</translation>
    </message>
    <message>
      <source>&lt;p&gt;Wheel: zoom at the cursor · Middle drag or Space+drag: pan · Esc: cancel · Enter: finish · Backspace: remove the last point · Arrows: nudge the selection&lt;/p&gt;</source>
      <translation>&lt;p&gt;滚轮：以光标为中心缩放 · 中键拖动或空格+拖动：平移 · Esc：取消 · Enter：完成 · Backspace：删除上一个点 · 方向键：微移所选对象&lt;/p&gt;</translation>
    </message>
    <message>
      <source>About {0}</source>
      <translation>关于 {0}</translation>
    </message>
    <message>
      <source>Add &amp;Demand</source>
      <translation>添加需求(&amp;D)</translation>
    </message>
    <message>
      <source>Add &amp;Site</source>
      <translation>添加站点(&amp;S)</translation>
    </message>
    <message>
      <source>Cannot export</source>
      <translation>无法导出</translation>
    </message>
    <message>
      <source>Cannot import the underlay</source>
      <translation>无法导入底图</translation>
    </message>
    <message>
      <source>Cannot open the plan</source>
      <translation>无法打开规划</translation>
    </message>
    <message>
      <source>Cannot restore</source>
      <translation>无法恢复</translation>
    </message>
    <message>
      <source>Cannot save the plan</source>
      <translation>无法保存规划</translation>
    </message>
    <message>
      <source>DXF drawings (*.dxf)</source>
      <translation>DXF 图纸 (*.dxf)</translation>
    </message>
    <message>
      <source>DXF layers to show</source>
      <translation>要显示的 DXF 图层</translation>
    </message>
    <message>
      <source>Dele&amp;te Tool</source>
      <translation>删除工具(&amp;T)</translation>
    </message>
    <message>
      <source>Details were written to {0}</source>
      <translation>详细信息已写入 {0}</translation>
    </message>
    <message>
      <source>Draw &amp;Fiber</source>
      <translation>绘制光纤(&amp;F)</translation>
    </message>
    <message>
      <source>Draw Section &amp;Polygon</source>
      <translation>绘制区域多边形(&amp;P)</translation>
    </message>
    <message>
      <source>Export GeoJSON</source>
      <translation>导出 GeoJSON</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>GeoJSON (*.geojson *.json)</source>
      <translation>GeoJSON (*.geojson *.json)</translation>
    </message>
    <message>
      <source>GeoJSON (*.geojson)</source>
      <translation>GeoJSON (*.geojson)</translation>
    </message>
    <message>
      <source>History</source>
      <translation>历史记录</translation>
    </message>
    <message>
      <source>Image imported: use Place Image by Two Points (K) to fit it to two known points</source>
      <translation>图像已导入：使用“两点定位图像”(K) 按两个已知点定位</translation>
    </message>
    <message>
      <source>Images (*.png *.jpg *.jpeg *.tif *.tiff)</source>
      <translation>图像 (*.png *.jpg *.jpeg *.tif *.tiff)</translation>
    </message>
    <message>
      <source>Import &amp;DXF Drawing…</source>
      <translation>导入 DXF 图纸(&amp;D)…</translation>
    </message>
    <message>
      <source>Import &amp;GeoJSON Background…</source>
      <translation>导入 GeoJSON 背景(&amp;G)…</translation>
    </message>
    <message>
      <source>Import Site-Plan &amp;Image…</source>
      <translation>导入场地平面图(&amp;I)…</translation>
    </message>
    <message>
      <source>Import underlay</source>
      <translation>导入底图</translation>
    </message>
    <message>
      <source>Import underlay {0}</source>
      <translation>导入底图 {0}</translation>
    </message>
    <message>
      <source>Inspector</source>
      <translation>属性</translation>
    </message>
    <message>
      <source>Keyboard shortcuts</source>
      <translation>键盘快捷键</translation>
    </message>
    <message>
      <source>Layers</source>
      <translation>图层</translation>
    </message>
    <message>
      <source>No problems found.</source>
      <translation>未发现问题。</translation>
    </message>
    <message>
      <source>No selection</source>
      <translation>未选择</translation>
    </message>
    <message>
      <source>Open &amp;Recent</source>
      <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
      <source>Open plan</source>
      <translation>打开规划</translation>
    </message>
    <message>
      <source>Opened {0}: {1} sites, {2} fibers, {3} demands</source>
      <translation>已打开 {0}：{1} 个站点，{2} 条光纤，{3} 个需求</translation>
    </message>
    <message>
      <source>Place &amp;Image by Two Points</source>
      <translation>两点定位图像(&amp;I)</translation>
    </message>
    <message>
      <source>QKD plans (*.qkdplan)</source>
      <translation>QKD 规划 (*.qkdplan)</translation>
    </message>
    <message>
      <source>Restore unsaved work?</source>
      <translation>恢复未保存的工作？</translation>
    </message>
    <message>
      <source>Role of new sites</source>
      <translation>新站点的角色</translation>
    </message>
    <message>
      <source>Save &amp;As…</source>
      <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
      <source>Save plan as</source>
      <translation>规划另存为</translation>
    </message>
    <message>
      <source>Saved {0}</source>
      <translation>已保存 {0}</translation>
    </message>
    <message>
      <source>Select &amp;All</source>
      <translation>全选(&amp;A)</translation>
    </message>
    <message>
      <source>Site &amp;Role</source>
      <translation>站点角色(&amp;R)</translation>
    </message>
    <message>
      <source>Something went wrong, but your work is safe: the plan was saved to the recovery file and the app keeps running.

{0}</source>
      <translation>出现了问题，但您的工作是安全的：规划已保存到恢复文件，程序将继续运行。

{0}</translation>
    </message>
    <message>
      <source>The plan “{0}” has unsaved changes. Save them?</source>
      <translation>规划“{0}”有未保存的更改。是否保存？</translation>
    </message>
    <message>
      <source>The planner did not close normally. Changes to {0} were saved automatically at {1}. Restore them?</source>
      <translation>规划工具上次未正常关闭。对 {0} 的更改已于 {1} 自动保存。是否恢复？</translation>
    </message>
    <message>
      <source>This plan shows files from outside its folder:

{0}

Open them only if you trust the plan. Open them?</source>
      <translation>此规划引用了其文件夹以外的文件：

{0}

仅在信任此规划时才打开它们。是否打开？</translation>
    </message>
    <message>
      <source>Tools</source>
      <translation>工具</translation>
    </message>
    <message>
      <source>Underlay files are stored relative to the plan's folder. Save the plan first?</source>
      <translation>底图文件以规划所在文件夹的相对路径保存。是否先保存规划？</translation>
    </message>
    <message>
      <source>Underlay {0} not shown: {1}</source>
      <translation>底图 {0} 未显示：{1}</translation>
    </message>
    <message>
      <source>Unexpected error</source>
      <translation>意外错误</translation>
    </message>
    <message>
      <source>View</source>
      <translation>视图</translation>
    </message>
    <message>
      <source>Zoom &amp;In</source>
      <translation>放大(&amp;I)</translation>
    </message>
    <message>
      <source>Zoom &amp;Out</source>
      <translation>缩小(&amp;O)</translation>
    </message>
    <message>
      <source>Zoom to &amp;Fit</source>
      <translation>缩放至全图(&amp;F)</translation>
    </message>
    <message>
      <source>an unsaved plan</source>
      <translation>一个未保存的规划</translation>
    </message>
    <message>
      <source>no</source>
      <translation>否</translation>
    </message>
    <message>
      <source>not a readable image: {0}</source>
      <translation>无法读取的图像：{0}</translation>
    </message>
    <message>
      <source>{0:.3g} m/px</source>
      <translation>{0:.3g} 米/像素</translation>
    </message>
    <message>
      <source>“{0}” is outside the plan's folder, so the plan will not find it when the folder is moved or shared. Use it anyway?</source>
      <translation>“{0}”不在规划所在文件夹内，移动或共享文件夹后规划将找不到它。仍然使用？</translation>
    </message>
  </context>
  <context>
    <name>MapItems</name>
    <message>
      <source>{0}  ({1}, priority {2})</source>
      <translation>{0}（{1}，优先级 {2}）</translation>
    </message>
  </context>
  <context>
    <name>MapStyle</name>
    <message>
      <source>Demand {0} – {1}</source>
      <translation>需求 {0} – {1}</translation>
    </message>
    <message>
      <source>Device: {0}</source>
      <translation>设备：{0}</translation>
    </message>
    <message>
      <source>End to end: {0}</source>
      <translation>端到端：{0}</translation>
    </message>
    <message>
      <source>Fiber loss</source>
      <translation>光纤损耗</translation>
    </message>
    <message>
      <source>Fiber {0}</source>
      <translation>光纤 {0}</translation>
    </message>
    <message>
      <source>Infeasible: {0}</source>
      <translation>无法满足：{0}</translation>
    </message>
    <message>
      <source>Key rate: {0}</source>
      <translation>成码率：{0}</translation>
    </message>
    <message>
      <source>Key-rate margin</source>
      <translation>成码率余量</translation>
    </message>
    <message>
      <source>Length: {0:.0f} m</source>
      <translation>长度：{0:.0f} 米</translation>
    </message>
    <message>
      <source>Length: {0:.2f} km</source>
      <translation>长度：{0:.2f} 公里</translation>
    </message>
    <message>
      <source>Load: {0} · margin {1}</source>
      <translation>负载：{0} · 余量 {1}</translation>
    </message>
    <message>
      <source>Loss</source>
      <translation>损耗</translation>
    </message>
    <message>
      <source>Loss: {0:.2f} dB</source>
      <translation>损耗：{0:.2f} dB</translation>
    </message>
    <message>
      <source>QKD link loss</source>
      <translation>QKD 链路损耗</translation>
    </message>
    <message>
      <source>QKD link {0} – {1}</source>
      <translation>QKD 链路 {0} – {1}</translation>
    </message>
    <message>
      <source>Relays keys for {0} demand(s)</source>
      <translation>为 {0} 个需求中继密钥</translation>
    </message>
    <message>
      <source>Required: {0}</source>
      <translation>所需速率：{0}</translation>
    </message>
    <message>
      <source>Trusted node</source>
      <translation>可信中继节点</translation>
    </message>
    <message>
      <source>Trusted node {0}</source>
      <translation>可信中继节点 {0}</translation>
    </message>
    <message>
      <source>Trusted nodes</source>
      <translation>可信中继节点</translation>
    </message>
    <message>
      <source>Trusted nodes: {0}</source>
      <translation>可信中继节点：{0}</translation>
    </message>
    <message>
      <source>no</source>
      <translation>否</translation>
    </message>
    <message>
      <source>not used</source>
      <translation>未使用</translation>
    </message>
  </context>
  <context>
    <name>PlaceImageDialog</name>
    <message>
      <source>After OK, click where point 1 truly is, then where point 2 truly is (Esc cancels).</source>
      <translation>点击“确定”后，先在地图上点击第 1 点的实际位置，再点击第 2 点的实际位置（Esc 取消）。</translation>
    </message>
    <message>
      <source>Distance (m)</source>
      <translation>距离（米）</translation>
    </message>
    <message>
      <source>Enter numbers</source>
      <translation>请输入数字</translation>
    </message>
    <message>
      <source>Enter the true distance, a positive number of metres.</source>
      <translation>请输入实际距离（米，正数）。</translation>
    </message>
    <message>
      <source>First point easting (m)</source>
      <translation>第一点东坐标（米）</translation>
    </message>
    <message>
      <source>First point northing (m)</source>
      <translation>第一点北坐标（米）</translation>
    </message>
    <message>
      <source>Give both coordinates of both points.</source>
      <translation>请输入两个点的全部坐标。</translation>
    </message>
    <message>
      <source>Give both coordinates of the first point, or neither.</source>
      <translation>第一点的两个坐标要么都填，要么都不填。</translation>
    </message>
    <message>
      <source>I know their true coordinates (scale, rotation and position)</source>
      <translation>已知两点的实际坐标（缩放、旋转和位置）</translation>
    </message>
    <message>
      <source>I know their true distance (scale only)</source>
      <translation>已知两点的实际距离（仅缩放）</translation>
    </message>
    <message>
      <source>I will click their true positions on the map (scale, rotation and position)</source>
      <translation>在地图上点击两点的实际位置（缩放、旋转和位置）</translation>
    </message>
    <message>
      <source>Place image by two points</source>
      <translation>两点定位图像</translation>
    </message>
    <message>
      <source>Point 1 easting (m)</source>
      <translation>第 1 点东坐标（米）</translation>
    </message>
    <message>
      <source>Point 1 northing (m)</source>
      <translation>第 1 点北坐标（米）</translation>
    </message>
    <message>
      <source>Point 2 easting (m)</source>
      <translation>第 2 点东坐标（米）</translation>
    </message>
    <message>
      <source>Point 2 northing (m)</source>
      <translation>第 2 点北坐标（米）</translation>
    </message>
    <message>
      <source>The two points are now {0:,.2f} m apart.</source>
      <translation>两点当前相距 {0:,.2f} 米。</translation>
    </message>
    <message>
      <source>The two true positions must differ.</source>
      <translation>两个实际位置不能相同。</translation>
    </message>
    <message>
      <source>optional</source>
      <translation>可选</translation>
    </message>
    <message>
      <source>true distance in metres</source>
      <translation>实际距离（米）</translation>
    </message>
  </context>
  <context>
    <name>PlanDocument</name>
    <message numerus="yes">
      <source>Delete %n element(s)</source>
      <translation>
        <numerusform>
        </numerusform>
      </translation>
    </message>
    <message>
      <source>Untitled</source>
      <translation>未命名</translation>
    </message>
  </context>
  <context>
    <name>PreferencesDialog</name>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>Preferences</source>
      <translation>首选项</translation>
    </message>
    <message>
      <source>The language of menus and panels; new reports use it by default.</source>
      <translation>菜单和面板的语言；新报告默认使用该语言。</translation>
    </message>
  </context>
  <context>
    <name>ReportDialog</name>
    <message>
      <source>Assumptions</source>
      <translation>假设条件</translation>
    </message>
    <message>
      <source>Bill of materials</source>
      <translation>物料清单</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Cancelled: no file was written.</source>
      <translation>已取消：未写入任何文件。</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>正在取消…</translation>
    </message>
    <message>
      <source>Choose at least one section.</source>
      <translation>请至少选择一个章节。</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Costs</source>
      <translation>费用</translation>
    </message>
    <message>
      <source>Demands</source>
      <translation>需求</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>Generate</source>
      <translation>生成</translation>
    </message>
    <message>
      <source>Generate report</source>
      <translation>生成报告</translation>
    </message>
    <message>
      <source>Interfaces</source>
      <translation>接口</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>Methods</source>
      <translation>方法</translation>
    </message>
    <message>
      <source>Network map</source>
      <translation>网络地图</translation>
    </message>
    <message>
      <source>PDF files (*.pdf)</source>
      <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
      <source>Paper</source>
      <translation>纸张</translation>
    </message>
    <message>
      <source>Preparing…</source>
      <translation>正在准备…</translation>
    </message>
    <message>
      <source>QKD links</source>
      <translation>QKD 链路</translation>
    </message>
    <message>
      <source>Rollout phases</source>
      <translation>部署阶段</translation>
    </message>
    <message>
      <source>Save report</source>
      <translation>保存报告</translation>
    </message>
    <message>
      <source>Sections</source>
      <translation>章节</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>摘要</translation>
    </message>
    <message>
      <source>The report could not be written: {0}</source>
      <translation>无法写入报告：{0}</translation>
    </message>
    <message>
      <source>Trusted nodes</source>
      <translation>可信中继节点</translation>
    </message>
    <message>
      <source>Working: {0}</source>
      <translation>处理中：{0}</translation>
    </message>
    <message>
      <source>Written to {0}</source>
      <translation>已写入 {0}</translation>
    </message>
    <message>
      <source>evaluating the plan</source>
      <translation>评估方案</translation>
    </message>
    <message>
      <source>finishing</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>laying out the pages</source>
      <translation>排版页面</translation>
    </message>
  </context>
  <context>
    <name>ResultsPanel</name>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>CAPEX total</source>
      <translation>资本支出合计</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <source>Cannot write {0}: {1}</source>
      <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>复制</translation>
    </message>
    <message>
      <source>Costs</source>
      <translation>费用</translation>
    </message>
    <message>
      <source>DWDM filters (coexistence)</source>
      <translation>DWDM 滤波器（共纤）</translation>
    </message>
    <message>
      <source>Demand</source>
      <translation>需求</translation>
    </message>
    <message>
      <source>Demands</source>
      <translation>需求</translation>
    </message>
    <message>
      <source>Demands relayed</source>
      <translation>中继的需求数</translation>
    </message>
    <message>
      <source>Device</source>
      <translation>设备</translation>
    </message>
    <message>
      <source>End to end</source>
      <translation>端到端</translation>
    </message>
    <message>
      <source>Engineering</source>
      <translation>工程设计</translation>
    </message>
    <message>
      <source>Export CSV…</source>
      <translation>导出 CSV…</translation>
    </message>
    <message>
      <source>Export table</source>
      <translation>导出表格</translation>
    </message>
    <message>
      <source>Feasible</source>
      <translation>可满足</translation>
    </message>
    <message>
      <source>Filter…</source>
      <translation>筛选…</translation>
    </message>
    <message>
      <source>Fit-out CAPEX</source>
      <translation>建设资本支出</translation>
    </message>
    <message>
      <source>From</source>
      <translation>起点</translation>
    </message>
    <message>
      <source>Installation</source>
      <translation>安装</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>项目</translation>
    </message>
    <message>
      <source>Key management</source>
      <translation>密钥管理</translation>
    </message>
    <message>
      <source>Key rate</source>
      <translation>成码率</translation>
    </message>
    <message>
      <source>Length (km)</source>
      <translation>长度（公里）</translation>
    </message>
    <message>
      <source>Limited by</source>
      <translation>受限于</translation>
    </message>
    <message>
      <source>Link</source>
      <translation>链路</translation>
    </message>
    <message>
      <source>Load</source>
      <translation>负载</translation>
    </message>
    <message>
      <source>Loss (dB)</source>
      <translation>损耗 (dB)</translation>
    </message>
    <message>
      <source>Margin (dB)</source>
      <translation>余量 (dB)</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>New fiber</source>
      <translation>新建光纤</translation>
    </message>
    <message>
      <source>Priority</source>
      <translation>优先级</translation>
    </message>
    <message>
      <source>QBER (%)</source>
      <translation>误码率 (%)</translation>
    </message>
    <message>
      <source>QKD devices</source>
      <translation>QKD 设备</translation>
    </message>
    <message>
      <source>QKD links</source>
      <translation>QKD 链路</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Required</source>
      <translation>所需速率</translation>
    </message>
    <message>
      <source>Site</source>
      <translation>站点</translation>
    </message>
    <message>
      <source>To</source>
      <translation>终点</translation>
    </message>
    <message>
      <source>Training</source>
      <translation>培训</translation>
    </message>
    <message>
      <source>Trusted node</source>
      <translation>可信中继节点</translation>
    </message>
    <message>
      <source>Trusted node fit-out</source>
      <translation>可信中继节点建设</translation>
    </message>
    <message>
      <source>Trusted nodes</source>
      <translation>可信中继节点</translation>
    </message>
    <message>
      <source>detector</source>
      <translation>探测器</translation>
    </message>
    <message>
      <source>loss</source>
      <translation>损耗</translation>
    </message>
    <message>
      <source>no</source>
      <translation>否</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>是</translation>
    </message>
  </context>
  <context>
    <name>Roles</name>
    <message>
      <source>Control centre</source>
      <translation>控制中心</translation>
    </message>
    <message>
      <source>Crane control</source>
      <translation>岸桥控制</translation>
    </message>
    <message>
      <source>Customs</source>
      <translation>海关</translation>
    </message>
    <message>
      <source>Data centre</source>
      <translation>数据中心</translation>
    </message>
    <message>
      <source>Gate</source>
      <translation>闸口</translation>
    </message>
    <message>
      <source>Junction</source>
      <translation>光缆接头点</translation>
    </message>
    <message>
      <source>Office</source>
      <translation>办公楼</translation>
    </message>
    <message>
      <source>Port authority</source>
      <translation>港务局</translation>
    </message>
    <message>
      <source>Relay site</source>
      <translation>中继站址</translation>
    </message>
    <message>
      <source>Terminal ops</source>
      <translation>码头作业</translation>
    </message>
    <message>
      <source>Warehouse</source>
      <translation>仓库</translation>
    </message>
    <message>
      <source>Yard control</source>
      <translation>堆场控制</translation>
    </message>
  </context>
  <context>
    <name>RolloutView</name>
    <message>
      <source>(automatic)</source>
      <translation>（自动）</translation>
    </message>
    <message>
      <source>&lt;b&gt;Before the rollout&lt;/b&gt;: nothing built yet.</source>
      <translation>&lt;b&gt;部署之前&lt;/b&gt;：尚未建设任何设施。</translation>
    </message>
    <message>
      <source>&lt;b&gt;Phase {0} of {1}&lt;/b&gt; · year {2} · {3}&lt;br&gt;coverage {4:.0f} % · {5} new demand(s) · cumulative CAPEX {6:,.0f} {7}</source>
      <translation>&lt;b&gt;第 {0} 期（共 {1} 期）&lt;/b&gt; · {2} 年 · {3}&lt;br&gt;覆盖率 {4:.0f} % · 新增 {5} 个需求 · 累计资本支出 {6:,.0f} {7}</translation>
    </message>
    <message>
      <source>Best cost (exact, slower)</source>
      <translation>成本最优（精确求解，较慢）</translation>
    </message>
    <message>
      <source>By section priority</source>
      <translation>按区域优先级</translation>
    </message>
    <message>
      <source>Contiguous (grow from the seed)</source>
      <translation>连片扩展（从起始区域开始）</translation>
    </message>
    <message>
      <source>Coverage</source>
      <translation>覆盖率</translation>
    </message>
    <message>
      <source>Coverage (%)</source>
      <translation>覆盖率 (%)</translation>
    </message>
    <message>
      <source>Coverage and cumulative CAPEX by phase</source>
      <translation>各阶段覆盖率与累计资本支出</translation>
    </message>
    <message>
      <source>Cumulative CAPEX</source>
      <translation>累计资本支出</translation>
    </message>
    <message>
      <source>Cumulative CAPEX ({0})</source>
      <translation>累计资本支出（{0}）</translation>
    </message>
    <message>
      <source>Design</source>
      <translation>网络设计</translation>
    </message>
    <message>
      <source>Fast (heuristic)</source>
      <translation>快速（启发式）</translation>
    </message>
    <message>
      <source>Greedy (coverage per cost)</source>
      <translation>贪心（单位成本覆盖率）</translation>
    </message>
    <message>
      <source>Manual order</source>
      <translation>手动顺序</translation>
    </message>
    <message>
      <source>Phase</source>
      <translation>阶段</translation>
    </message>
    <message>
      <source>Play the phases</source>
      <translation>播放各阶段</translation>
    </message>
    <message>
      <source>Seed section</source>
      <translation>起始区域</translation>
    </message>
    <message>
      <source>Simulate rollout</source>
      <translation>模拟部署</translation>
    </message>
    <message>
      <source>Strategy</source>
      <translation>策略</translation>
    </message>
    <message>
      <source>The rollout could not be simulated: {0}</source>
      <translation>无法模拟部署：{0}</translation>
    </message>
    <message>
      <source>Yearly budget</source>
      <translation>年度预算</translation>
    </message>
    <message>
      <source>no limit</source>
      <translation>不限</translation>
    </message>
  </context>
  <context>
    <name>Tools</name>
    <message>
      <source>A fiber must end on another site: click it</source>
      <translation>光纤必须终止于另一个站点：请点击该站点</translation>
    </message>
    <message>
      <source>A section needs at least 3 corners</source>
      <translation>区域至少需要 3 个角点</translation>
    </message>
    <message>
      <source>Add demand {0}</source>
      <translation>添加需求 {0}</translation>
    </message>
    <message>
      <source>Add demand: click the first site, then the second</source>
      <translation>添加需求：先点击第一个站点，再点击第二个</translation>
    </message>
    <message>
      <source>Add site ({0}): click on the map</source>
      <translation>添加站点（{0}）：在地图上点击</translation>
    </message>
    <message>
      <source>Add site {0}</source>
      <translation>添加站点 {0}</translation>
    </message>
    <message>
      <source>Area</source>
      <translation>面积</translation>
    </message>
    <message>
      <source>Area {0:,.0f} m²</source>
      <translation>面积 {0:,.0f} 平方米</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>已取消</translation>
    </message>
    <message>
      <source>Click a site</source>
      <translation>请点击一个站点</translation>
    </message>
    <message>
      <source>Delete vertex of {0}</source>
      <translation>删除 {0} 的顶点</translation>
    </message>
    <message>
      <source>Delete: click an element (a site takes its fibers and demands along)</source>
      <translation>删除：点击一个元素（删除站点会同时删除其光纤和需求）</translation>
    </message>
    <message>
      <source>Demand from {0}: click the second site</source>
      <translation>从 {0} 出发的需求：请点击第二个站点</translation>
    </message>
    <message>
      <source>Draw fiber {0}</source>
      <translation>绘制光纤 {0}</translation>
    </message>
    <message>
      <source>Draw fiber: click the first site, click bends, finish on a site (Backspace: undo bend, Esc: cancel)</source>
      <translation>绘制光纤：点击起始站点，点击拐点，在站点上结束（Backspace：撤销拐点，Esc：取消）</translation>
    </message>
    <message>
      <source>Draw section {0}</source>
      <translation>绘制区域 {0}</translation>
    </message>
    <message>
      <source>Draw section: click the corners, double-click or Enter to close (Esc: cancel)</source>
      <translation>绘制区域：点击各角点，双击或按 Enter 闭合（Esc：取消）</translation>
    </message>
    <message>
      <source>Edit vertices: click a fiber or section; drag handles, double-click to insert, right-click to delete</source>
      <translation>编辑顶点：点击光纤或区域；拖动控制点，双击插入，右键删除</translation>
    </message>
    <message>
      <source>Fiber {0}</source>
      <translation>光纤 {0}</translation>
    </message>
    <message>
      <source>Fiber {0} added: {1:,.1f} m</source>
      <translation>已添加光纤 {0}：{1:,.1f} 米</translation>
    </message>
    <message>
      <source>Import an image underlay first</source>
      <translation>请先导入图像底图</translation>
    </message>
    <message>
      <source>Insert vertex in {0}</source>
      <translation>在 {0} 中插入顶点</translation>
    </message>
    <message>
      <source>Length {0:,.1f} m</source>
      <translation>长度 {0:,.1f} 米</translation>
    </message>
    <message>
      <source>Move cancelled</source>
      <translation>已取消移动</translation>
    </message>
    <message>
      <source>Move vertex of {0}</source>
      <translation>移动 {0} 的顶点</translation>
    </message>
    <message>
      <source>Move {0}</source>
      <translation>移动 {0}</translation>
    </message>
    <message>
      <source>Move {0} elements</source>
      <translation>移动 {0} 个元素</translation>
    </message>
    <message>
      <source>Now click the second reference point</source>
      <translation>现在点击第二个参考点</translation>
    </message>
    <message>
      <source>Now click where point 1 truly is on the map (Esc: cancel)</source>
      <translation>现在在地图上点击第 1 点的实际位置（Esc：取消）</translation>
    </message>
    <message>
      <source>Now click where point 2 truly is on the map (Esc: cancel)</source>
      <translation>现在在地图上点击第 2 点的实际位置（Esc：取消）</translation>
    </message>
    <message>
      <source>Place image: click two points on the image whose true distance or positions you know</source>
      <translation>定位图像：在图像上点击两个已知实际距离或实际位置的点</translation>
    </message>
    <message>
      <source>Place underlay {0}</source>
      <translation>放置底图 {0}</translation>
    </message>
    <message>
      <source>Refused: {0}</source>
      <translation>已拒绝：{0}</translation>
    </message>
    <message>
      <source>Section {0}</source>
      <translation>区域 {0}</translation>
    </message>
    <message>
      <source>Select: click or drag a box; drag to move; arrows nudge; Delete removes</source>
      <translation>选择：点击或框选；拖动以移动；方向键微移；Delete 删除</translation>
    </message>
    <message>
      <source>Start a fiber on a site</source>
      <translation>光纤须从站点开始</translation>
    </message>
    <message>
      <source>The coordinates must be finite numbers</source>
      <translation>坐标必须是有限数值</translation>
    </message>
    <message>
      <source>The true distance must be a positive number of metres</source>
      <translation>实际距离必须是以米为单位的正数</translation>
    </message>
    <message>
      <source>The two points on the image must differ</source>
      <translation>图像上的两个点不能相同</translation>
    </message>
    <message>
      <source>The two true positions must differ</source>
      <translation>两个实际位置不能相同</translation>
    </message>
    <message>
      <source>Underlay placed: {0:.4g} m per pixel</source>
      <translation>底图已放置：每像素 {0:.4g} 米</translation>
    </message>
    <message>
      <source>Underlay placed: {0:.4g} m per pixel, turned {1:.1f}°</source>
      <translation>底图已放置：每像素 {0:.4g} 米，旋转 {1:.1f}°</translation>
    </message>
    <message>
      <source>{0} corner(s)</source>
      <translation>{0} 个角点</translation>
    </message>
  </context>
</TS>
